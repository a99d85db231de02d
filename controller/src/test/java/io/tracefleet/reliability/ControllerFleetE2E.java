package io.tracefleet.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.local.LocalAws;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several controller processes on one account (one moto), each through a proxy of its own so that every write is
 * attributed to the controller that made it, with leader election and sharding on DynamoDB. The figures printed
 * (failover after SIGKILL, handover after SIGTERM, reconvergence after a controller dies) are measurements, not
 * assertions; the bounds asserted are the correctness ones: no two writers, no duplicate, no leak, no flip-flop.
 */
@ExtendWith(MotoExtension.class)
class ControllerFleetE2E {
    private static final Path EXAMPLE = Path.of("..", "specs", "xray-demo.yaml");
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final Duration RESYNC = Duration.ofSeconds(2);
    private static final Map<String, String> ELECTION = Map.of(
            "TRACEFLEET_LEADER_ELECTION", "true",
            "TRACEFLEET_LEASE_DURATION", LEASE.toSeconds() + "s",
            "TRACEFLEET_LEASE_HEARTBEAT", "1s",
            "TRACEFLEET_LEASE_WRITE_MARGIN", "2s",
            "TRACEFLEET_RESYNC_INTERVAL", RESYNC.toSeconds() + "s");

    @TempDir
    Path specs;
    @TempDir
    Path logs;
    private LocalAws localAws;
    private AwsClients moto;
    private final List<ControllerProcess> controllers = new ArrayList<>();

    @BeforeEach
    void setUp(LocalAws localAws) {
        assertThat(ControllerProcess.JAR).as("the jar mvn package builds").exists();
        this.localAws = localAws;
        moto = AwsClients.create(AwsClientSettings.endpoint(localAws.endpoint(), Region.AP_NORTHEAST_1));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (ControllerProcess controller : controllers) {
            controller.close();
        }
        moto.close();
    }

    private ControllerProcess start(String identity, Path specsDir, Map<String, String> extra) throws IOException {
        Map<String, String> settings = new HashMap<>(ELECTION);
        settings.putAll(extra);
        ControllerProcess controller = ControllerProcess.start(identity, localAws.endpoint(), specsDir, logs,
                settings);
        controllers.add(controller);
        return controller;
    }

    /** The writes to managed services (the leases' own DynamoDB calls left out). */
    private static List<AwsCall> managedWrites(CallLog log) {
        return log.writeCalls().stream().filter(c -> !c.service().equals("dynamodb")).toList();
    }

    private int total(String service, String operation) {
        return (int) controllers.stream().mapToLong(c -> c.proxy.calls().count(service, operation)).sum();
    }

    private ControllerProcess leader(List<ControllerProcess> among) {
        return among.stream().filter(c -> c.role().equals("leader")).findFirst().orElse(null);
    }

    private static boolean synced(ControllerProcess controller, String application) {
        return controller.status().map(s -> {
            for (JsonNode app : s.get("applications")) {
                if (app.get("name").asText().equals(application)) {
                    return app.get("sync").asText().equals("Synced");
                }
            }
            return false;
        }).orElse(false);
    }

    /**
     * Awaitility, whose failure names what was awaited and then shows each controller's unsynced applications and its
     * log as they are at that moment (an alias would be built before the wait).
     */
    private org.awaitility.core.ConditionFactory fleetAwait(String what) {
        return await(what).conditionEvaluationListener(new org.awaitility.core.ConditionEvaluationListener<Object>() {
            @Override
            public void conditionEvaluated(org.awaitility.core.EvaluatedCondition<Object> condition) {
            }

            @Override
            public void onTimeout(org.awaitility.core.TimeoutEvent timeout) {
                System.out.println("ControllerFleetE2E: timed out waiting for " + what + "\n" + unsynced() + logs());
            }
        });
    }

    private String unsynced() {
        StringBuilder out = new StringBuilder();
        for (ControllerProcess controller : controllers) {
            out.append("---- ").append(controller).append(" (alive ").append(controller.isAlive()).append(") ----\n");
            controller.status().ifPresent(s -> {
                out.append("leases: ").append(s.at("/controller/leases")).append('\n');
                s.get("applications").forEach(app -> {
                    if (!app.get("sync").asText().equals("Synced")) {
                        out.append(app.get("name").asText()).append(' ').append(app.get("sync").asText());
                        app.get("resources").forEach(r -> {
                            if (!r.get("sync").asText().equals("Synced")) {
                                out.append(" | ").append(r.get("id").asText()).append(' ').append(r.get("sync")
                                        .asText()).append(' ').append(r.path("message").asText(""));
                            }
                        });
                        out.append('\n');
                    }
                });
            });
        }
        return out.toString();
    }

    private String logs() {
        return controllers.stream().map(c -> "---- " + c + " ----\n" + tail(c.log())).collect(Collectors.joining("\n"));
    }

    /** The end of a controller's log, without the access lines of the test's own status polling. */
    private static String tail(String log) {
        String lines = log.lines().filter(line -> !line.contains("\"GET /status")).collect(Collectors.joining("\n"));
        return lines.length() > 6000 ? lines.substring(lines.length() - 6000) : lines;
    }

    private int desiredCountOfServiceB() {
        return moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-b")).services().get(0)
                .desiredCount();
    }

    @Test
    void threeControllersOneWriterALeaderKilledMidPassIsReplacedWithoutDuplicateAndAStopHandsOver() throws Exception {
        Files.copy(EXAMPLE, specs.resolve("xray-demo.yaml"));
        List<ControllerProcess> fleet = List.of(start("c1", specs, Map.of()), start("c2", specs, Map.of()),
                start("c3", specs, Map.of()));

        // The leader, caught in the middle of its first pass: one load balancer asked for, the rest not yet made.
        fleetAwait("a leader creating load balancers").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> fleet.stream().anyMatch(c -> c.proxy.calls().count("elasticloadbalancing",
                        "CreateLoadBalancer") > 0));
        ControllerProcess first = fleet.stream().filter(c -> c.proxy.calls().count("elasticloadbalancing",
                "CreateLoadBalancer") > 0).findFirst().orElseThrow();
        List<ControllerProcess> survivors = fleet.stream().filter(c -> c != first).toList();
        Map<ControllerProcess, CallLog.Mark> atKill = new HashMap<>();
        survivors.forEach(c -> atKill.put(c, c.proxy.mark()));
        long killed = System.nanoTime();
        first.kill();

        fleetAwait("a survivor writes").atMost(LEASE.multipliedBy(6)).pollInterval(Duration.ofMillis(50))
                .until(() -> survivors.stream().anyMatch(c -> !managedWrites(c.proxy.callsSince(atKill.get(c)))
                        .isEmpty()));
        long failoverMillis = (System.nanoTime() - killed) / 1_000_000;
        ControllerProcess second = survivors.stream().filter(c -> !managedWrites(c.proxy.callsSince(atKill.get(c)))
                .isEmpty()).findFirst().orElseThrow();
        fleetAwait("converged by " + second).atMost(Duration.ofMinutes(3))
                .until(() -> synced(second, "xray-fargate") && second.role().equals("leader"));
        System.out.printf("ControllerFleetE2E: leader SIGKILLed mid-pass; the first write of its successor landed "
                + "%d ms later (lease %d ms, heartbeat 1000 ms)%n", failoverMillis, LEASE.toMillis());

        assertThat(total("elasticloadbalancing", "CreateLoadBalancer")).as("no duplicate create").isEqualTo(2);
        assertThat(total("elasticloadbalancing", "CreateTargetGroup")).isEqualTo(2);
        assertThat(total("ecs", "CreateCluster")).isEqualTo(1);
        assertThat(total("ecs", "CreateService")).isEqualTo(2);
        assertThat(moto.elbv2().describeLoadBalancers().loadBalancers()).as("no leak")
                .extracting(lb -> lb.loadBalancerName())
                .containsExactlyInAnyOrder("xray-fargate-a-alb", "xray-fargate-b-alb");
        assertThat(moto.elbv2().describeTargetGroups().targetGroups()).extracting(tg -> tg.targetGroupName())
                .containsExactlyInAnyOrder("xray-fargate-a-tg", "xray-fargate-b-tg");

        // Converged: for several resyncs of both survivors, neither writes.
        Map<ControllerProcess, CallLog.Mark> quiet = new HashMap<>();
        survivors.forEach(c -> quiet.put(c, c.proxy.mark()));
        await().during(RESYNC.multipliedBy(3)).atMost(RESYNC.multipliedBy(6))
                .until(() -> survivors.stream().allMatch(c -> managedWrites(c.proxy.callsSince(quiet.get(c)))
                        .isEmpty()));
        ControllerProcess third = survivors.stream().filter(c -> c != second).findFirst().orElseThrow();
        assertThat(third.role()).isEqualTo("follower");

        long stopped = System.nanoTime();
        assertThat(second.terminate()).as("SIGTERM ends the leader").isTrue();
        fleetAwait("the third takes over").atMost(LEASE.multipliedBy(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> third.role().equals("leader"));
        long handoverMillis = (System.nanoTime() - stopped) / 1_000_000;
        System.out.printf("ControllerFleetE2E: SIGTERM handover to the next leader took %d ms (lease %d ms)%n",
                handoverMillis, LEASE.toMillis());
        assertThat(handoverMillis).as("released, not waited out").isLessThan(LEASE.toMillis());

        CallLog.Mark beforeDrift = third.proxy.mark();
        moto.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));
        await("the new leader heals").atMost(Duration.ofMinutes(1)).until(() -> desiredCountOfServiceB() == 1);
        assertThat(managedWrites(third.proxy.callsSince(beforeDrift))).extracting(AwsCall::operation)
                .containsExactly("UpdateService");
    }

    @Test
    void specsDifferingInOneFieldOnlyTheLeadersViewIsAppliedWithoutFlipFlop() throws Exception {
        Path other = Files.createDirectories(logs.resolve("other-specs"));
        Files.copy(EXAMPLE, specs.resolve("xray-demo.yaml"));
        String example = Files.readString(EXAMPLE);
        String two = example.replaceFirst("desiredCount: 1", "desiredCount: 2");
        assertThat(two).isNotEqualTo(example);
        Files.writeString(other.resolve("xray-demo.yaml"), two);
        ControllerProcess one = start("one", specs, Map.of());
        fleetAwait("one leads").atMost(Duration.ofMinutes(1)).until(() -> one.role().equals("leader"));
        ControllerProcess wantsTwo = start("wants-two", other, Map.of());
        fleetAwait("converged").atMost(Duration.ofMinutes(3)).until(() -> synced(one, "xray-fargate")
                && wantsTwo.role().equals("follower"));

        CallLog.Mark oneMark = one.proxy.mark();
        CallLog.Mark twoMark = wantsTwo.proxy.mark();
        await().during(RESYNC.multipliedBy(4)).atMost(RESYNC.multipliedBy(8))
                .until(() -> managedWrites(one.proxy.callsSince(oneMark)).isEmpty()
                        && managedWrites(wantsTwo.proxy.callsSince(twoMark)).isEmpty());
        assertThat(desiredCountOfServiceB()).as("the leader's view").isEqualTo(1);
        assertThat(managedWrites(wantsTwo.proxy.calls())).as("the follower never wrote").isEmpty();
        assertThat(wantsTwo.status().orElseThrow().at("/applications/0/sync").asText())
                .as("the follower reports the difference it would make").isEqualTo("OutOfSync");

        // The leader goes: the other view is applied once, and stays.
        assertThat(one.terminate()).isTrue();
        fleetAwait("the other view applied").atMost(Duration.ofMinutes(1))
                .until(() -> desiredCountOfServiceB() == 2);
        CallLog.Mark after = wantsTwo.proxy.mark();
        await().during(RESYNC.multipliedBy(3)).atMost(RESYNC.multipliedBy(6))
                .until(() -> managedWrites(wantsTwo.proxy.callsSince(after)).isEmpty());
        assertThat(managedWrites(wantsTwo.proxy.calls())).extracting(AwsCall::operation)
                .containsExactly("UpdateService");
    }

    /**
     * The leader loses DynamoDB (its proxy answers every DynamoDB call with a 500) while drift keeps coming: it must
     * write its last heal before the lease it can no longer renew could pass on, and the successor's first write must
     * come after that. Times are taken by this test as each controller's proxy counts a new write.
     */
    @Test
    void aLeaderCutOffFromDynamoDbWritesItsLastBeforeItsSuccessorsFirst() throws Exception {
        Files.copy(EXAMPLE, specs.resolve("xray-demo.yaml"));
        ControllerProcess cut = start("cut", specs, Map.of());
        fleetAwait("cut leads and converged").atMost(Duration.ofMinutes(2))
                .until(() -> cut.role().equals("leader") && synced(cut, "xray-fargate"));
        ControllerProcess next = start("next", specs, Map.of());
        fleetAwait("next follows").atMost(Duration.ofMinutes(1)).until(() -> next.role().equals("follower"));

        java.util.concurrent.atomic.AtomicBoolean drifting = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread drifter = new Thread(() -> {
            while (drifting.get()) {
                moto.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        drifter.start();
        try {
            long cutAt = System.nanoTime();
            cut.proxy.inject(io.tracefleet.testing.FaultRule.on("dynamodb", "*",
                    io.tracefleet.testing.Fault.serverError(500)));
            long[] leaderWrites = {managedWrites(cut.proxy.calls()).size()};
            long[] leaderLastWriteAt = {cutAt};
            long[] successorFirstWriteAt = {0};
            fleetAwait("the successor writes").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(25))
                    .until(() -> {
                        long now = System.nanoTime();
                        int writes = managedWrites(cut.proxy.calls()).size();
                        if (writes > leaderWrites[0]) {
                            leaderWrites[0] = writes;
                            leaderLastWriteAt[0] = now;
                        }
                        if (!managedWrites(next.proxy.calls()).isEmpty()) {
                            successorFirstWriteAt[0] = now;
                            return true;
                        }
                        return false;
                    });
            long lastMillis = (leaderLastWriteAt[0] - cutAt) / 1_000_000;
            long firstMillis = (successorFirstWriteAt[0] - cutAt) / 1_000_000;
            System.out.printf("ControllerFleetE2E: cut off from DynamoDB, the leader's last write came %d ms after "
                    + "the cut, its successor's first %d ms after it (lease %d ms, margin 2000 ms)%n", lastMillis,
                    firstMillis, LEASE.toMillis());
            assertThat(lastMillis).as("the cut-off leader's last write, before its successor's first")
                    .isLessThan(firstMillis);
            CallLog.Mark afterHandover = cut.proxy.mark();
            await().during(RESYNC.multipliedBy(2)).atMost(RESYNC.multipliedBy(4))
                    .until(() -> managedWrites(cut.proxy.callsSince(afterHandover)).isEmpty());
        } finally {
            drifting.set(false);
            drifter.join();
        }
    }

    private static String smallApplication(String name) {
        return io.tracefleet.spec.TestSpecs.seedShapedHeader(name, "ap-northeast-1") + """
                  roles:
                    taskRole: NAME-task
                    executionRole: NAME-exec
                  services:
                    NAME-web:
                      image: nginx:latest
                      port: 8080
                      cpu: 256
                      memory: 512
                      desiredCount: 1
                      healthCheckPath: /health
                      loadBalancer:
                        port: 80
                        name: NAME-alb
                        targetGroupName: NAME-tg
                """.replace("NAME", name);
    }

    private Set<String> syncedApplications(ControllerProcess controller) {
        return controller.status().map(s -> {
            Set<String> names = new HashSet<>();
            s.get("applications").forEach(app -> {
                if (app.get("sync").asText().equals("Synced")) {
                    names.add(app.get("name").asText());
                }
            });
            return names;
        }).orElse(Set.of());
    }

    private static int shardsHeld(ControllerProcess controller) {
        return controller.status().map(s -> {
            int held = 0;
            for (JsonNode shard : s.at("/controller/leases/shards")) {
                held += shard.get("mine").asBoolean() ? 1 : 0;
            }
            return held;
        }).orElse(0);
    }

    @Test
    void thirtyApplicationsOverThreeControllersEachWrittenByOneAndAKilledControllersApplicationsMove()
            throws Exception {
        Map<String, String> sharded = Map.of("TRACEFLEET_SHARDS", "6", "TRACEFLEET_CONCURRENCY", "6",
                // moto throttles nothing: thirty applications converge as fast as it answers, checked every 5 s.
                "TRACEFLEET_AWS_RATE_LIMITED", "false", "TRACEFLEET_RESYNC_INTERVAL", "5s");
        List<ControllerProcess> fleet = List.of(start("s1", specs, sharded), start("s2", specs, sharded),
                start("s3", specs, sharded));
        fleetAwait("two shards each").atMost(Duration.ofMinutes(1))
                .until(() -> fleet.stream().allMatch(c -> shardsHeld(c) == 2));
        List<String> applications = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String name = String.format("fleet-%02d", i);
            applications.add(name);
            Files.writeString(specs.resolve(name + ".yaml"), smallApplication(name));
        }
        long written = System.nanoTime();
        fleetAwait("all thirty converged").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .until(() -> fleet.stream().flatMap(c -> syncedApplications(c).stream()).collect(Collectors.toSet())
                        .containsAll(applications));
        System.out.printf("ControllerFleetE2E: 30 applications over 3 controllers (6 shards) converged in %d ms%n",
                (System.nanoTime() - written) / 1_000_000);

        Map<String, ControllerProcess> writer = new HashMap<>();
        for (String application : applications) {
            List<ControllerProcess> writers = fleet.stream()
                    .filter(c -> !c.proxy.writesNaming(application + "-").isEmpty()).toList();
            assertThat(writers).as("controllers that wrote %s", application).hasSize(1);
            writer.put(application, writers.get(0));
        }
        assertThat(new HashSet<>(writer.values())).as("the work is split").hasSize(3);

        ControllerProcess victim = fleet.get(0);
        List<String> moving = applications.stream().filter(a -> writer.get(a) == victim).toList();
        List<ControllerProcess> survivors = fleet.subList(1, 3);
        long killed = System.nanoTime();
        victim.kill();
        for (String application : moving) {
            moto.ecs().updateService(r -> r.cluster(application).service(application + "-web").desiredCount(2));
        }
        fleetAwait("the killed controller's applications healed by the others").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> moving.stream().allMatch(a -> moto.ecs().describeServices(r -> r.cluster(a)
                        .services(a + "-web")).services().get(0).desiredCount() == 1));
        System.out.printf("ControllerFleetE2E: a controller SIGKILLed; its %d applications were reconciled again "
                + "(drift healed) by the other two %d ms later%n", moving.size(), (System.nanoTime() - killed)
                / 1_000_000);
        await().atMost(Duration.ofMinutes(1)).until(() -> survivors.stream().mapToInt(ControllerFleetE2E::shardsHeld)
                .sum() == 6);
        assertThat(total("elasticloadbalancing", "CreateLoadBalancer")).as("one create per application").isEqualTo(30);
    }
}
