package io.tracefleet.resources;

import io.tracefleet.desired.ContainerDefinition;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.Template;
import io.tracefleet.desired.TaskDefinitionProperties;
import io.tracefleet.local.LocalAws;
import io.tracefleet.reconcile.ApplicationReconciler;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.ReconcileOptions;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.Fault;
import io.tracefleet.testing.FaultRule;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tracefleet.resources.EcsTestStates.byId;
import static io.tracefleet.resources.EcsTestStates.envOf;
import static io.tracefleet.resources.EcsTestStates.latest;
import static io.tracefleet.resources.EcsTestStates.paths;
import static org.assertj.core.api.Assertions.assertThat;

/** Task definition families through the reconciler: register once, never again without drift, own the family. */
@ExtendWith(MotoExtension.class)
class TaskDefinitionHandlerIT {
    private AwsFixture fixture;
    private EcsWorld world;
    private ApplicationReconciler reconciler;
    private DesiredState desired;

    @BeforeEach
    void start(LocalAws moto) {
        fixture = new AwsFixture(moto);
        desired = fixture.seed;
        world = new EcsWorld(fixture.aws, desired);
        reconciler = new ApplicationReconciler(fixture.aws, world.handlers(), io.tracefleet.testing.TestKeys.KEYS, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void registersEachFamilyWithResolvedReferencesThenNothingOnTheNextCycle() {
        CallLog.Mark start = fixture.proxy.mark();
        CycleResult first = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(first.isSynced()).as(first.plan().toText()).isTrue();
        assertThat(fixture.proxy.callsSince(start).count("ecs", "RegisterTaskDefinition")).isEqualTo(2);
        TaskDefinition a = latest(fixture.aws, "service-a");
        assertThat(a.cpu()).isEqualTo("256");
        assertThat(a.memory()).isEqualTo("512");
        assertThat(a.taskRoleArn()).isEqualTo(world.output("xray-fargate-taskrole", Output.ARN));
        assertThat(a.containerDefinitions()).extracting(c -> c.name()).containsExactlyInAnyOrder("service-a",
                "xray-daemon");
        assertThat(a.containerDefinitions()).filteredOn(c -> c.name().equals("service-a")).singleElement()
                .satisfies(c -> assertThat(c.image())
                        .isEqualTo(world.output("service-a", Output.REPOSITORY_URI) + ":latest"));
        assertThat(envOf(a, "service-a")).containsEntry("API_CNAME",
                world.output("xray-fargate-b-alb", Output.DNS_NAME));
        assertThat(fixture.aws.ecs().listTagsForResource(r -> r.resourceArn(a.taskDefinitionArn())).tags())
                .anySatisfy(t -> assertThat(t.key()).isEqualTo("tracefleet.io/managed-by"));

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult second = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(second.plan().isEmpty()).as(second.plan().toText()).isTrue();
        assertThat(byId(second).get("service-a/task-definition").sync()).isEqualTo(SyncState.SYNCED);
        assertThat(fixture.proxy.callsSince(mark).writes()).isZero();
        assertThat(fixture.proxy.callsSince(mark).count("ecs", "RegisterTaskDefinition")).isZero();
    }

    @Test
    void aRegisterWhoseAnswerWasLostLeavesOneRevisionNotTwo() {
        // AWS registers, then the connection drops: the SDK would retry and register a second, identical one.
        fixture.proxy.inject(FaultRule.on("ecs", "RegisterTaskDefinition", Fault.answerLost()).times(1));
        CallLog.Mark start = fixture.proxy.mark();

        CycleResult first = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(first.isSynced()).as(first.plan().toText()).isTrue();
        CallLog calls = fixture.proxy.callsSince(start);
        assertThat(calls.of("ecs", "RegisterTaskDefinition")).as("each family sent once").hasSize(2)
                .anySatisfy(call -> assertThat(call.fault()).isNotNull());
        assertOneRevisionPerFamily();
        assertThat(reconciler.reconcile(desired, ReconcileOptions.planning()).plan().isEmpty()).isTrue();
    }

    @Test
    void aThrottledRegisterIsLeftToTheNextPassWithoutASecondRevision() {
        fixture.proxy.inject(FaultRule.on("ecs", "RegisterTaskDefinition", Fault.throttling()).times(1));

        CycleResult throttled = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(throttled.resources()).filteredOn(r -> r.sync() == SyncState.ERROR).singleElement()
                .satisfies(r -> assertThat(r.retryable()).isTrue());
        CycleResult next = reconciler.reconcile(desired, ReconcileOptions.applying());
        assertThat(next.isSynced()).as(next.plan().toText()).isTrue();
        assertOneRevisionPerFamily();
    }

    private void assertOneRevisionPerFamily() {
        for (String family : List.of("service-a", "service-b")) {
            assertThat(fixture.aws.ecs().listTaskDefinitions(r -> r.familyPrefix(family)).taskDefinitionArns())
                    .as("revisions of " + family).hasSize(1);
        }
    }

    @Test
    void anEnvValueChangedOutOfBandIsDriftAtTheVariablesNameAndIsHealed() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        String byHand = EcsTestStates.registerByHand(fixture.aws, "service-a",
                EcsTestStates.env("API_CNAME", "somewhere-else.example"));

        CycleResult planned = reconciler.reconcile(desired, ReconcileOptions.planning());

        ResourceStatus family = byId(planned).get("service-a/task-definition");
        assertThat(family.sync()).as("an untagged newer revision leaves the family ours")
                .isEqualTo(SyncState.OUT_OF_SYNC);
        assertThat(paths(family)).containsExactly("containers.service-a.environment.API_CNAME");

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult healed = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(healed.isSynced()).isTrue();
        assertMovedOffTheRevisionMadeByHand(fixture.proxy.callsSince(mark), byHand);
        assertThat(reconciler.reconcile(desired, ReconcileOptions.planning()).plan().isEmpty()).isTrue();
    }

    @Test
    void anImageHandedToCiIsNotDriftAndSurvivesARevisionForAnotherChange() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        String ciImage = world.output("service-b", Output.REPOSITORY_URI) + ":ci-42";
        EcsTestStates.registerByHand(fixture.aws, "service-b", c -> c.toBuilder().image(ciImage).build());
        ReconcileOptions ignoringImage = new ReconcileOptions(true, false, false,
                Map.of(LogicalId.of("service-b/task-definition"), Set.of("containers.service-b.image")));

        CallLog.Mark idle = fixture.proxy.mark();
        CycleResult untouched = reconciler.reconcile(desired, ignoringImage);
        assertThat(untouched.plan().isEmpty()).as(untouched.plan().toText()).isTrue();
        assertThat(fixture.proxy.callsSince(idle).writes()).isZero();

        DesiredState withMode = EcsTestStates.<TaskDefinitionProperties>edit(desired, "service-b/task-definition",
                p -> withServiceEnv(p, "service-b", "MODE", "fast"));
        CycleResult changed = reconciler.reconcile(withMode, ignoringImage);

        assertThat(changed.isSynced()).isTrue();
        TaskDefinition now = latest(fixture.aws, "service-b");
        assertThat(envOf(now, "service-b")).containsEntry("MODE", "fast");
        assertThat(now.containerDefinitions()).filteredOn(c -> c.name().equals("service-b")).singleElement()
                .satisfies(c -> assertThat(c.image()).isEqualTo(ciImage));
    }

    @Test
    void aFamilyOfTheNameWithoutOwnershipTagsIsAConflictAndGetsNoRevision() {
        fixture.aws.ecs().registerTaskDefinition(r -> r.family("service-b").cpu("256").memory("512")
                .containerDefinitions(c -> c.name("other").image("nginx")));
        CallLog.Mark mark = fixture.proxy.mark();

        CycleResult result = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(byId(result).get("service-b/task-definition").sync()).isEqualTo(SyncState.CONFLICT);
        assertThat(byId(result).get("service-b/service").sync()).isEqualTo(SyncState.BLOCKED);
        assertThat(fixture.proxy.callsSince(mark).of("ecs", "RegisterTaskDefinition")).hasSize(1);
        assertThat(latest(fixture.aws, "service-b").revision()).isEqualTo(1);
        assertThat(latest(fixture.aws, "service-a").revision()).isEqualTo(1);
    }

    @Test
    void updatesKeepThreeSupersededRevisionsAndNeverDeregisterOnesRegisteredByHand() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        String byHand = EcsTestStates.registerByHand(fixture.aws, "service-b", c -> c);
        for (int change = 1; change <= 5; change++) {
            String value = "v" + change;
            DesiredState edited = EcsTestStates.<TaskDefinitionProperties>edit(desired, "service-b/task-definition",
                    p -> withServiceEnv(p, "service-b", "VERSION", value));
            assertThat(reconciler.reconcile(edited, ReconcileOptions.applying()).isSynced()).isTrue();
        }

        // Revisions 1 (ours) and 2 (by hand), then ours 3..7: the newest and three before it stay, as does 2.
        List<Integer> active = fixture.aws.ecs().listTaskDefinitions(r -> r.familyPrefix("service-b")
                        .status("ACTIVE")).taskDefinitionArns().stream()
                .map(arn -> Integer.parseInt(arn.substring(arn.lastIndexOf(':') + 1))).sorted().toList();
        assertThat(active).containsExactly(2, 4, 5, 6, 7);
        assertThat(byHand).endsWith(":2");
        assertThat(latest(fixture.aws, "service-a").revision()).isEqualTo(1);
    }

    @Test
    void anIdlePassDescribesNoRevisionItHasSeenYetNoticesOneRegisteredByHand() {
        reconciler.reconcile(desired, ReconcileOptions.applying());

        CallLog.Mark idle = fixture.proxy.mark();
        CycleResult quiet = reconciler.reconcile(desired, ReconcileOptions.applying());
        CallLog idleCalls = fixture.proxy.callsSince(idle);
        assertThat(quiet.plan().isEmpty()).as(quiet.plan().toText()).isTrue();
        assertThat(idleCalls.writes()).isZero();
        assertThat(idleCalls.count("ecs", "DescribeTaskDefinition")).as("revisions already read").isZero();
        assertThat(idleCalls.count("ecs", "ListTagsForResource")).as("no write, so no ownership proof").isZero();
        assertThat(idleCalls.count("ecs", "ListTaskDefinitions")).as("one listing for every family").isEqualTo(1);
        assertThat(byId(quiet).get("service-a/task-definition").message())
                .isEqualTo(ApplicationReconciler.UNVERIFIED_OWNERSHIP);

        // Someone else registers a revision (untagged) and points the service at it: a new ARN, so it is read.
        String byHand = EcsTestStates.registerByHand(fixture.aws, "service-a",
                EcsTestStates.env("API_CNAME", "somewhere-else.example"));
        CallLog.Mark drifted = fixture.proxy.mark();
        CycleResult healed = reconciler.reconcile(desired, ReconcileOptions.applying());

        CallLog healing = fixture.proxy.callsSince(drifted);
        assertThat(healed.isSynced()).as(healed.plan().toText()).isTrue();
        assertThat(corrected(healed, "service-a/task-definition"))
                .containsExactly("containers.service-a.environment.API_CNAME");
        assertThat(healing.of("ecs", "DescribeTaskDefinition")).as("only the revision never seen")
                .singleElement();
        assertMovedOffTheRevisionMadeByHand(healing, byHand);

        CallLog.Mark after = fixture.proxy.mark();
        assertThat(reconciler.reconcile(desired, ReconcileOptions.applying()).plan().isEmpty()).isTrue();
        assertThat(fixture.proxy.callsSince(after).count("ecs", "DescribeTaskDefinition")).isZero();
        assertThat(fixture.proxy.callsSince(after).writes()).isZero();
    }

    @Test
    void aServicePointedAtAnOlderRevisionIsPutBackWithoutReadingEitherAgain() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        String first = latest(fixture.aws, "service-b").taskDefinitionArn();
        DesiredState edited = EcsTestStates.<TaskDefinitionProperties>edit(desired, "service-b/task-definition",
                p -> withServiceEnv(p, "service-b", "MODE", "fast"));
        assertThat(reconciler.reconcile(edited, ReconcileOptions.applying()).isSynced()).isTrue();
        String second = latest(fixture.aws, "service-b").taskDefinitionArn();
        assertThat(second).isNotEqualTo(first);
        fixture.aws.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").taskDefinition(first));

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult healed = reconciler.reconcile(edited, ReconcileOptions.applying());

        assertThat(healed.isSynced()).as(healed.plan().toText()).isTrue();
        assertThat(corrected(healed, "service-b/service")).containsExactly("taskDefinition");
        assertThat(fixture.proxy.callsSince(mark).count("ecs", "DescribeTaskDefinition")).isZero();
        assertThat(fixture.proxy.callsSince(mark).writeCalls()).extracting(c -> c.operation())
                .containsExactly("UpdateService");
        assertThat(runningRevision("service-b")).isEqualTo(second);
    }

    @Test
    void ownershipTagsStrippedFromAFamilyShowAsAConflictOnceTheFamilyNeedsARevision() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        String arn = latest(fixture.aws, "service-b").taskDefinitionArn();
        fixture.aws.ecs().untagResource(r -> r.resourceArn(arn).tagKeys("tracefleet.io/managed-by",
                "tracefleet.io/application", "tracefleet.io/resource"));

        CycleResult idle = reconciler.reconcile(desired, ReconcileOptions.applying());
        assertThat(byId(idle).get("service-b/task-definition").sync())
                .as("nothing to write: the tags are not read").isEqualTo(SyncState.SYNCED);

        DesiredState edited = EcsTestStates.<TaskDefinitionProperties>edit(desired, "service-b/task-definition",
                p -> withServiceEnv(p, "service-b", "MODE", "fast"));
        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult result = reconciler.reconcile(edited, ReconcileOptions.applying());

        assertThat(byId(result).get("service-b/task-definition").sync()).isEqualTo(SyncState.CONFLICT);
        assertThat(fixture.proxy.callsSince(mark).count("ecs", "ListTagsForResource")).isPositive();
        assertThat(fixture.proxy.callsSince(mark).writes()).isZero();
        assertThat(latest(fixture.aws, "service-b").taskDefinitionArn()).isEqualTo(arn);
    }

    /** One new revision with the spec's API_CNAME again, and service-a running it, not the one made by hand. */
    private void assertMovedOffTheRevisionMadeByHand(CallLog healing, String byHand) {
        assertThat(healing.count("ecs", "RegisterTaskDefinition")).isEqualTo(1);
        assertThat(healing.count("ecs", "UpdateService")).isEqualTo(1);
        TaskDefinition now = latest(fixture.aws, "service-a");
        assertThat(now.taskDefinitionArn()).isNotEqualTo(byHand);
        assertThat(envOf(now, "service-a")).containsEntry("API_CNAME",
                world.output("xray-fargate-b-alb", Output.DNS_NAME));
        assertThat(runningRevision("service-a")).isEqualTo(now.taskDefinitionArn());
    }

    private String runningRevision(String service) {
        return fixture.aws.ecs().describeServices(r -> r.cluster("xray-fargate").services(service))
                .services().get(0).taskDefinition();
    }

    static TaskDefinitionProperties withServiceEnv(TaskDefinitionProperties p, String container, String name,
                                                   String value) {
        List<ContainerDefinition> containers = p.containers().stream().map(c -> {
            if (!c.name().equals(container)) {
                return c;
            }
            Map<String, Template> env = new LinkedHashMap<>(c.environment());
            env.put(name, Template.literal(value));
            return new ContainerDefinition(c.name(), c.image(), c.essential(), c.cpu(), c.memoryReservation(),
                    c.portMappings(), env, c.command(), c.logConfiguration());
        }).toList();
        return new TaskDefinitionProperties(p.family(), p.cpu(), p.memory(), p.networkMode(),
                p.requiresCompatibilities(), p.taskRoleArn(), p.executionRoleArn(), containers);
    }

    /** The fields a cycle's applied action corrected: once healed, the resource's status no longer lists them. */
    private static List<String> corrected(CycleResult result, String id) {
        return result.plan().actions().stream().filter(a -> a.id().value().equals(id))
                .flatMap(a -> a.changes().stream()).map(io.tracefleet.diff.Drift::path).toList();
    }
}
