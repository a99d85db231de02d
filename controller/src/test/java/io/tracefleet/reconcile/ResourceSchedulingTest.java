package io.tracefleet.reconcile;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsOperation;
import io.tracefleet.aws.AwsRateLimiter;
import io.tracefleet.aws.AwsService;
import io.tracefleet.aws.AwsThrottleLimits;
import io.tracefleet.aws.BucketLimit;
import io.tracefleet.aws.Ticker;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.ClusterProperties;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.resources.CycleContext;
import io.tracefleet.resources.NetworkLookup;
import io.tracefleet.resources.Outputs;
import io.tracefleet.resources.ResourceHandlers;
import io.tracefleet.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.tracefleet.desired.ResourceKind.ECS_CLUSTER;
import static io.tracefleet.desired.ResourceKind.ECS_SERVICE;
import static io.tracefleet.desired.ResourceKind.LOG_GROUP;
import static io.tracefleet.desired.ResourceKind.TARGET_GROUP;
import static io.tracefleet.desired.ResourceKind.TASK_DEFINITION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How one application's resources are spread over workers, against {@link InMemoryAws}: each waits only for what it
 * depends on, a failure holds back only its dependents, the bound holds, and the plan, the write fence's application
 * and an interrupt behave as in a cycle on one thread. Milliseconds; nothing sleeps on a guess.
 */
class ResourceSchedulingTest {
    private static final String APP = "shop";
    private static final AwsClients NEVER_CALLED = AwsClients.create(AwsClientSettings.endpoint(
            URI.create("http://127.0.0.1:9"), Region.AP_NORTHEAST_1));
    /** Long enough for any worker on a busy machine; a hold that is never released fails the test at this point. */
    private static final long WAIT_SECONDS = 10;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final InMemoryAws aws = new InMemoryAws();
    private final ResourceHandlers handlers = aws.handlers(ECS_CLUSTER, TARGET_GROUP, ECS_SERVICE, LOG_GROUP,
            TASK_DEFINITION);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @AfterAll
    static void close() {
        NEVER_CALLED.close();
    }

    private static DesiredResource resource(ResourceKind kind, String id, String... dependsOn) {
        return new DesiredResource(kind, LogicalId.of(id), id, new ClusterProperties(),
                OwnershipTags.of(APP, LogicalId.of(id)),
                Arrays.stream(dependsOn).map(LogicalId::of).collect(Collectors.toSet()));
    }

    /** A cluster, then per service a log group, a target group, a task definition on the log group, the service. */
    private static List<DesiredResource> services(int n) {
        List<DesiredResource> all = new ArrayList<>(List.of(resource(ECS_CLUSTER, "cluster")));
        for (int i = 0; i < n; i++) {
            all.add(resource(LOG_GROUP, "logs-" + i));
            all.add(resource(TARGET_GROUP, "tg-" + i));
            all.add(resource(TASK_DEFINITION, "td-" + i, "logs-" + i));
            all.add(resource(ECS_SERVICE, "svc-" + i, "cluster", "tg-" + i, "td-" + i));
        }
        return all;
    }

    private CycleResult cycle(List<DesiredResource> resources, int parallelism, ReconcileOptions options) {
        return cycle(resources, new ResourceScheduler(pool, parallelism, ThreadCarrier.NONE), options);
    }

    private static CycleResult cycle(List<DesiredResource> resources, ResourceScheduler scheduler,
                                     ReconcileOptions options, ResourceHandlers handlers) {
        CycleContext context = new CycleContext(NEVER_CALLED, new DesiredState(APP, "ap-northeast-1", resources),
                new Outputs(), new NetworkLookup(NEVER_CALLED.ec2()), TestKeys.KEYS);
        return WritingFor.during(APP, () -> new ApplicationCycle(context, options, handlers, Clock.systemUTC(),
                scheduler).run());
    }

    private CycleResult cycle(List<DesiredResource> resources, ResourceScheduler scheduler, ReconcileOptions options) {
        return cycle(resources, scheduler, options, handlers);
    }

    private static Map<String, SyncState> syncById(CycleResult result) {
        return result.resources().stream().collect(Collectors.toMap(r -> r.id().value(), ResourceStatus::sync));
    }

    @Test
    void eachResourceIsWrittenAfterEverythingItDependsOnAndASecondCycleWritesNothing() {
        List<DesiredResource> all = services(10);

        CycleResult first = cycle(all, 4, ReconcileOptions.applying());

        List<String> writes = aws.writes();
        assertThat(writes).hasSize(all.size());
        for (DesiredResource resource : all) {
            int at = writes.indexOf("create " + resource.kind().label() + " " + resource.physicalName());
            for (LogicalId dependency : resource.dependsOn()) {
                DesiredResource on = all.stream().filter(r -> r.id().equals(dependency)).findFirst().orElseThrow();
                assertThat(writes.indexOf("create " + on.kind().label() + " " + on.physicalName()))
                        .as(resource.id() + " after " + dependency).isLessThan(at);
            }
        }
        assertThat(first.outOfSync()).isEmpty();
        assertThat(cycle(all, 4, ReconcileOptions.applying()).plan().isEmpty()).isTrue();
        assertThat(aws.writes()).as("idle: nothing written").hasSize(all.size());
    }

    @Test
    void aFailureHoldsBackOnlyWhatDependsOnItAndThePrune() {
        aws.failObserve("tg-3", AwsServiceException.builder().statusCode(503).message("unavailable").build());
        List<DesiredResource> all = services(6);

        CycleResult result = cycle(all, 4, ReconcileOptions.applying());

        Map<String, SyncState> sync = syncById(result);
        assertThat(sync).containsEntry("tg-3", SyncState.ERROR).containsEntry("svc-3", SyncState.BLOCKED);
        assertThat(sync.entrySet()).filteredOn(e -> !e.getKey().equals("tg-3") && !e.getKey().equals("svc-3"))
                .as("everything else, the other services included").allMatch(e -> e.getValue() == SyncState.SYNCED);
        assertThat(aws.writes()).contains("create ecs-service svc-2", "create ecs-service svc-4",
                "create task-definition td-3").doesNotContain("create ecs-service svc-3");
    }

    @Test
    void neverMoreThanTheBoundAtOnceAndTheBoundIsReached() {
        int bound = 4;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // The first `bound` observes wait for one another: fewer workers than the bound could never release them.
        CountDownLatch allIn = new CountDownLatch(bound);
        aws.beforeObserve(name -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            allIn.countDown();
            try {
                assertThat(allIn.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("%d observes at once", bound).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inside.decrementAndGet();
            }
        });
        List<DesiredResource> groups = IntStream.range(0, 20).mapToObj(i -> resource(LOG_GROUP, "logs-" + i))
                .toList();

        CycleResult result = cycle(groups, bound, ReconcileOptions.applying());

        assertThat(syncById(result).values()).hasSize(20).containsOnly(SyncState.SYNCED);
        assertThat(most.get()).isEqualTo(bound);
    }

    @Test
    void thePlanListsActionsInTheSpecsOrderWhateverOrderTheWorkersFinishIn() {
        List<DesiredResource> all = services(8);
        // The spec's first resources are the slowest to observe, so the workers finish roughly backwards.
        aws.beforeObserve(name -> {
            int weight = name.equals("cluster") ? 9 : Integer.parseInt(name.substring(name.indexOf('-') + 1));
            try {
                Thread.sleep(9L - Math.min(weight, 9));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        CycleResult parallel = cycle(all, 8, ReconcileOptions.planning());
        CycleResult sequential = cycle(all, ResourceScheduler.SEQUENTIAL, ReconcileOptions.planning());

        assertThat(parallel.plan().toText()).isEqualTo(sequential.plan().toText());
        assertThat(parallel.plan().actions()).extracting(a -> a.id().value())
                .isEqualTo(all.stream().map(r -> r.id().value()).toList());
        assertThat(parallel.resources()).extracting(r -> r.id().value())
                .isEqualTo(all.stream().map(r -> r.id().value()).toList());
    }

    @Test
    void workersWriteForTheCyclesApplicationAndCarryTheCyclesThreadState() {
        ThreadLocal<String> tally = new ThreadLocal<>();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        ThreadCarrier carrier = work -> {
            String captured = tally.get();
            return () -> {
                tally.set(captured);
                try {
                    work.run();
                } finally {
                    tally.remove();
                }
            };
        };
        aws.beforeObserve(name -> seen.add(tally.get() + " on " + (Thread.currentThread().getName().startsWith("pool")
                ? "worker" : "cycle")));
        tally.set("plan-tally");
        try {
            cycle(services(3), new ResourceScheduler(pool, 4, carrier), ReconcileOptions.applying());
        } finally {
            tally.remove();
        }

        assertThat(aws.writers()).hasSize(13).containsOnly(APP);
        assertThat(seen).hasSize(13).containsOnly("plan-tally on worker");
    }

    @Test
    void anInterruptStopsTheCycleWaitsForItsWorkersAndPrunesNothing() throws Exception {
        // Owned and no longer named: a cycle that ran to its end would delete it.
        aws.put(LOG_GROUP, "old-logs", TestKeys.owned("ap-northeast-1", LOG_GROUP, "old-logs", APP,
                LogicalId.of("old-logs")), new InMemoryAws.Box("small", "a"));
        // Both workers held, one on the cluster every service depends on: however late the interrupt comes, no
        // service can have been created by then.
        CountDownLatch held = new CountDownLatch(2);
        AtomicInteger workersDone = new AtomicInteger();
        aws.beforeObserve(name -> {
            if (name.equals("tg-0") || name.equals("cluster")) {
                held.countDown();
                try {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                } catch (InterruptedException e) {
                    // Where an SDK call would end with AbortedException.
                    Thread.currentThread().interrupt();
                    throw software.amazon.awssdk.core.exception.AbortedException.builder().build();
                } finally {
                    workersDone.incrementAndGet();
                }
            }
        });
        AtomicReference<CycleResult> result = new AtomicReference<>();
        AtomicBoolean endedInterrupted = new AtomicBoolean();
        AtomicBoolean workerDoneAtReturn = new AtomicBoolean();
        Thread cycleThread = new Thread(() -> {
            result.set(cycle(services(4), 2, ReconcileOptions.applying()));
            workerDoneAtReturn.set(workersDone.get() == 2);
            endedInterrupted.set(Thread.currentThread().isInterrupted());
        });
        cycleThread.start();
        assertThat(held.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        cycleThread.interrupt();
        cycleThread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

        assertThat(cycleThread.isAlive()).isFalse();
        assertThat(workerDoneAtReturn).as("the held workers ended before the cycle returned").isTrue();
        assertThat(endedInterrupted).isTrue();
        assertThat(aws.writes()).doesNotContain("delete log-group old-logs")
                .noneMatch(w -> w.startsWith("create ecs-service"));
        assertThat(result.get().resources()).hasSizeLessThan(1 + 4 * 4);
    }

    /**
     * The real limiter, its clock stopped so that every task definition registration must wait, and its sleep held
     * until the test lets it go: how many sleep at once, and what runs meanwhile, depends only on the scheduler.
     */
    private static final class HeldTokens {
        final AwsOperation register = AwsOperation.of(AwsService.ECS, "RegisterTaskDefinition");
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger sleeping = new AtomicInteger();
        final AtomicInteger mostAsleep = new AtomicInteger();
        final AwsRateLimiter limiter = new AwsRateLimiter(
                Map.of(AwsThrottleLimits.bucketsOf(register).get(0), new BucketLimit(1, 1)), 1.0,
                Duration.ofHours(1), () -> 0L, nanos -> {
                    mostAsleep.accumulateAndGet(sleeping.incrementAndGet(), Math::max);
                    try {
                        release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    } finally {
                        sleeping.decrementAndGet();
                    }
                });
    }

    @Test
    void aWorkerAsleepForATokenGivesItsPlaceToAnotherKindAndNoMoreOfItsKindStartMeanwhile() throws Exception {
        HeldTokens tokens = new HeldTokens();
        List<DesiredResource> all = new ArrayList<>();
        IntStream.range(0, 8).forEach(i -> all.add(resource(TASK_DEFINITION, "td-" + i)));
        IntStream.range(0, 4).forEach(i -> all.add(resource(LOG_GROUP, "logs-" + i)));
        AtomicInteger registrationsStarted = new AtomicInteger();
        CountDownLatch groupsObserved = new CountDownLatch(4);
        List<Integer> startedWhileGroupsRan = java.util.Collections.synchronizedList(new ArrayList<>());
        aws.beforeObserve(name -> {
            if (name.startsWith("td-")) {
                registrationsStarted.incrementAndGet();
                tokens.limiter.acquire(tokens.register);
            } else {
                startedWhileGroupsRan.add(registrationsStarted.get());
                groupsObserved.countDown();
            }
        });
        tokens.limiter.acquire(tokens.register); // the bucket's one token: from here on every registration sleeps
        AtomicReference<CycleResult> result = new AtomicReference<>();
        // Two workers, and the spec names the eight registrations first: without the hand-over the log groups
        // would wait for the held tokens, which are let go only once the log groups have been observed.
        Thread cycleThread = new Thread(() -> result.set(cycle(all, 2, ReconcileOptions.applying())));
        cycleThread.start();

        boolean groupsRanWhileRegistrationsSlept = groupsObserved.await(WAIT_SECONDS, TimeUnit.SECONDS);
        // No registration can wake before the release, so none can start after the fourth: wait for it to sleep.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (tokens.sleeping.get() < ResourceScheduler.RUNNING_PER_THROTTLED_KIND && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        int asleepThen = tokens.sleeping.get();
        int registrationsBegunThen = registrationsStarted.get();
        tokens.release.countDown();
        cycleThread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

        assertThat(groupsRanWhileRegistrationsSlept).isTrue();
        assertThat(asleepThen).isEqualTo(ResourceScheduler.RUNNING_PER_THROTTLED_KIND);
        assertThat(startedWhileGroupsRan).as("registrations begun while the log groups ran")
                .allMatch(n -> n <= ResourceScheduler.RUNNING_PER_THROTTLED_KIND);
        assertThat(registrationsBegunThen).isEqualTo(ResourceScheduler.RUNNING_PER_THROTTLED_KIND);
        assertThat(tokens.mostAsleep.get()).isEqualTo(ResourceScheduler.RUNNING_PER_THROTTLED_KIND);
        assertThat(syncById(result.get()).values()).hasSize(12).containsOnly(SyncState.SYNCED);
    }

    /**
     * The limiter on the system clock, 5 tokens a second one at a time, a call waiting at most 500 ms, its sleeps
     * skipped; {@code booked} tokens are taken at once, so that the next call's token is {@code booked} × 200 ms away.
     */
    private static AwsRateLimiter limiterBooked(AwsOperation operation, int booked) {
        AwsRateLimiter limiter = new AwsRateLimiter(Map.of(AwsThrottleLimits.bucketsOf(operation).get(0),
                new BucketLimit(5, 1)), 1.0, Duration.ofMillis(500), Ticker.system(), nanos -> { });
        IntStream.range(0, booked).forEach(i -> limiter.acquire(operation));
        return limiter;
    }

    @Test
    void aResourceWhoseCallWasRefusedBeforeItWroteAnythingRunsAgainInTheSameCycle() {
        AwsOperation write = AwsOperation.of(AwsService.ECS, "CreateService");
        // Three booked: the next token is 600 ms away, past the bound, for 100 ms; every resource's first call falls
        // in it and is refused (it takes no token), and is made again once its token is near.
        AwsRateLimiter limiter = limiterBooked(write, 3);
        Map<String, AtomicInteger> runs = new java.util.concurrent.ConcurrentHashMap<>();
        aws.beforeObserve(name -> runs.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet());
        aws.beforeCreate(name -> limiter.acquire(write)); // where a real handler's CreateX is paced
        List<DesiredResource> groups = IntStream.range(0, 3).mapToObj(i -> resource(LOG_GROUP, "logs-" + i)).toList();

        CycleResult result = cycle(groups, 8, ReconcileOptions.applying());

        assertThat(limiter.waitStatistics().values().iterator().next().rejectedCalls()).isGreaterThanOrEqualTo(3);
        assertThat(runs.values()).as("each ran again").allMatch(n -> n.get() >= 2);
        assertThat(syncById(result).values()).hasSize(3).containsOnly(SyncState.SYNCED);
        assertThat(aws.writes()).hasSize(3);
        assertThat(result.plan().actions()).as("one create each: the refused run's action is not kept")
                .extracting(a -> a.verb() + " " + a.id().value())
                .containsExactly("CREATE logs-0", "CREATE logs-1", "CREATE logs-2");
    }

    @Test
    void aResourceThatWroteBeforeARefusalIsNotRunAgainInTheCycle() {
        AwsOperation write = AwsOperation.of(AwsService.ECS, "CreateService");
        // Two booked: the resource's first call waits 400 ms (within the bound) and goes out; its second would wait
        // 600 ms and is refused.
        AwsRateLimiter limiter = limiterBooked(write, 2);
        AtomicInteger runs = new AtomicInteger();
        aws.beforeObserve(name -> {
            runs.incrementAndGet();
            limiter.acquire(write);
            limiter.acquire(write);
        });

        CycleResult result = cycle(List.of(resource(LOG_GROUP, "logs-0")), 8, ReconcileOptions.applying());

        assertThat(syncById(result)).containsExactly(Map.entry("logs-0", SyncState.ERROR));
        assertThat(runs.get()).isEqualTo(1);
        assertThat(result.resources().get(0).message()).contains("ClientThrottledException");
    }

    @Test
    void aStopWhileAResourceWaitsToRunAgainEndsTheCycleWithWhatItsOneRunFound() throws Exception {
        AwsOperation write = AwsOperation.of(AwsService.ECS, "CreateService");
        // A token every 10 s, its one taken, a call waiting at most 5 s: the run again is due in 7.5 s, the stop
        // comes long before.
        AwsRateLimiter limiter = new AwsRateLimiter(Map.of(AwsThrottleLimits.bucketsOf(write).get(0),
                new BucketLimit(0.1, 1)), 1.0, Duration.ofSeconds(5), Ticker.system(), nanos -> { });
        limiter.acquire(write);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch refused = new CountDownLatch(1);
        aws.beforeObserve(name -> runs.incrementAndGet());
        aws.beforeCreate(name -> {
            try {
                limiter.acquire(write);
            } finally {
                refused.countDown();
            }
        });
        AtomicReference<CycleResult> result = new AtomicReference<>();
        Thread cycleThread = new Thread(() -> result.set(cycle(List.of(resource(LOG_GROUP, "logs-0")), 8,
                ReconcileOptions.applying())));
        cycleThread.start();
        assertThat(refused.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        cycleThread.interrupt();
        cycleThread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS) / 2);

        assertThat(cycleThread.isAlive()).as("the cycle returned without waiting for the run again").isFalse();
        assertThat(runs.get()).isEqualTo(1);
        assertThat(result.get().resources()).singleElement().satisfies(status -> {
            assertThat(status.sync()).isEqualTo(SyncState.ERROR);
            assertThat(status.message()).contains("ClientThrottledException");
        });
    }
}
