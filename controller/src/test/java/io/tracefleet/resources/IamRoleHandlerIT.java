package io.tracefleet.resources;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.local.LocalAws;
import io.tracefleet.reconcile.ApplicationReconciler;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.diff.Drift;
import io.tracefleet.reconcile.ReconcileOptions;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.MotoExtension;
import io.tracefleet.testing.TestAwsClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The example's two roles through the reconciler: create, no-op, drift, heal, conflict, prune, lag. */
@ExtendWith(MotoExtension.class)
class IamRoleHandlerIT {
    private static final String TASK_ROLE = "xray-fargate-taskrole";
    private static final String EXECUTION_ROLE = "xray-fargate-ecsTaskExecutionRole";
    private static final String TASK_POLICY = "xray-fargate-task-policy";
    private static final String EXECUTION_POLICY =
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
    private static final String XRAY_POLICY = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess";
    private static final String LAMBDA_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private AwsFixture fixture;
    private AwsClients outOfBand;
    private ApplicationReconciler reconciler;
    private DesiredState desired;

    @BeforeEach
    void start(LocalAws moto) {
        fixture = new AwsFixture(moto);
        outOfBand = TestAwsClients.of(moto.endpoint(), Region.of(fixture.seed.region()));
        reconciler = new ApplicationReconciler(fixture.aws, ResourceHandlers.all(), io.tracefleet.testing.TestKeys.KEYS, Clock.systemUTC());
        desired = fixture.seedOf(Set.of(ResourceKind.IAM_ROLE));
    }

    @AfterEach
    void stop() {
        outOfBand.close();
        fixture.close();
    }

    @Test
    void createsBothRolesWithTheirPoliciesThenMakesNoWriteOnTheNextCycle() {
        CycleResult first = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(first.plan().actions()).extracting(a -> a.verb() + " " + a.id())
                .containsExactly("CREATE roles/task-role", "CREATE roles/execution-role");
        assertThat(first.isSynced()).isTrue();
        assertThat(tags(TASK_ROLE)).containsEntry(OwnershipTags.APPLICATION, "xray-fargate")
                .containsEntry(OwnershipTags.RESOURCE, "roles/task-role");
        assertThat(outOfBand.iam().listRolePolicies(r -> r.roleName(TASK_ROLE)).policyNames())
                .containsExactly(TASK_POLICY);
        assertThat(outOfBand.iam().getRolePolicy(r -> r.roleName(TASK_ROLE).policyName(TASK_POLICY))
                .policyDocument()).contains("xray%3APutTraceSegments");
        assertThat(managed(EXECUTION_ROLE)).containsExactly(EXECUTION_POLICY);
        assertThat(managed(TASK_ROLE)).isEmpty();
        String arn = outOfBand.iam().getRole(r -> r.roleName(TASK_ROLE)).role().arn();
        assertThat(first.resources()).filteredOn(r -> r.id().value().equals("roles/task-role")).singleElement()
                .satisfies(r -> assertThat(r.identifier()).isEqualTo(arn));

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult second = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(second.plan().isEmpty()).as(second.plan().toText()).isTrue();
        assertThat(second.resources()).extracting(ResourceStatus::sync).containsOnly(SyncState.SYNCED);
        assertThat(fixture.proxy.callsSince(mark).writes()).as("an idle cycle writes nothing").isZero();
        assertThat(fixture.proxy.callsSince(mark).count("iam", "GetRolePolicy")).isPositive();
    }

    @Test
    void thePruneReadsTheTagsOfNoRoleTheSpecNamesNorOfOneEcsTasksCannotAssume() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        outOfBand.iam().createRole(r -> r.roleName("a-lambda").assumeRolePolicyDocument(LAMBDA_TRUST));
        outOfBand.iam().createRole(r -> r.roleName("another-task-role")
                .assumeRolePolicyDocument(LAMBDA_TRUST.replace("lambda", "ecs-tasks")));
        CallLog.Mark mark = fixture.proxy.mark();

        CycleResult idle = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(idle.isSynced()).isTrue();
        assertThat(fixture.proxy.callsSince(mark).count("iam", "ListRoleTags"))
                .as("four roles listed; only the one ECS tasks may assume that the spec does not name").isEqualTo(1);
    }

    /**
     * Five applications of two roles each: an idle cycle of each reads the tags of the other applications' eight
     * roles. With each cycle on its own (as every cycle was before a pass shared IAM's answers) that is 5 x 8 tag
     * reads and 5 listings a pass, growing with the square of the applications; in one pass, each role's tags are
     * read once and the roles listed once.
     */
    @Test
    void aPassReadsEachRolesTagsAndTheListingOnceWhateverTheNumberOfApplications(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        int applications = 5;
        List<DesiredState> fleet = new java.util.ArrayList<>();
        for (int i = 1; i <= applications; i++) {
            DesiredState app = io.tracefleet.desired.DesiredStateBuilder.build(io.tracefleet.spec.TestSpecs.valid(dir,
                    io.tracefleet.spec.TestSpecs.minimal("web:\n  image: nginx\n  port: 80\n")
                            .replace("name: shop", "name: app" + i)));
            fleet.add(new DesiredState(app.application(), app.region(),
                    app.resources().stream().filter(r -> r.kind() == ResourceKind.IAM_ROLE).toList()));
        }
        fleet.forEach(app -> assertThat(reconciler.reconcile(app, ReconcileOptions.applying()).isSynced()).isTrue());

        CallLog.Mark separate = fixture.proxy.mark();
        fleet.forEach(app -> assertThat(new ApplicationReconciler(fixture.aws, ResourceHandlers.all(),
                io.tracefleet.testing.TestKeys.KEYS, Clock.systemUTC()).reconcile(app, ReconcileOptions.applying())
                .plan().isEmpty()).isTrue());
        CallLog alone = fixture.proxy.callsSince(separate);

        CallLog.Mark shared = fixture.proxy.mark();
        PassMemo pass = new PassMemo();
        fleet.forEach(app -> assertThat(new ApplicationReconciler(fixture.aws, ResourceHandlers.all(),
                io.tracefleet.testing.TestKeys.KEYS, Clock.systemUTC(), pass).reconcile(app,
                ReconcileOptions.applying()).plan().isEmpty()).isTrue());
        CallLog inOnePass = fixture.proxy.callsSince(shared);

        System.out.printf("idle IAM reads of %d applications (2 roles each): %d with each cycle alone "
                        + "(%d ListRoleTags, %d ListRoles), %d in one pass (%d ListRoleTags, %d ListRoles)%n",
                applications, alone.count("iam"), alone.count("iam", "ListRoleTags"), alone.count("iam", "ListRoles"),
                inOnePass.count("iam"), inOnePass.count("iam", "ListRoleTags"), inOnePass.count("iam", "ListRoles"));
        assertThat(alone.count("iam", "ListRoleTags")).isEqualTo(applications * (2L * applications - 2));
        assertThat(alone.count("iam", "ListRoles")).isEqualTo(applications);
        assertThat(inOnePass.count("iam", "ListRoleTags")).as("each role's tags once").isEqualTo(2L * applications);
        assertThat(inOnePass.count("iam", "ListRoles")).isEqualTo(1);
        assertThat(inOnePass.writes()).isZero();
    }

    @Test
    void driftOfEachPolicyIsReportedWithItsPathAndHealedTouchingOnlyWhatDiffers() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        outOfBand.iam().deleteRolePolicy(r -> r.roleName(TASK_ROLE).policyName(TASK_POLICY));
        outOfBand.iam().putRolePolicy(r -> r.roleName(TASK_ROLE).policyName("added-by-hand")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                        + "\"Action\":\"s3:*\",\"Resource\":\"*\"}}"));
        outOfBand.iam().attachRolePolicy(r -> r.roleName(EXECUTION_ROLE).policyArn(XRAY_POLICY));
        outOfBand.iam().updateAssumeRolePolicy(r -> r.roleName(EXECUTION_ROLE).policyDocument(LAMBDA_TRUST));
        CallLog.Mark planMark = fixture.proxy.mark();

        CycleResult planned = reconciler.reconcile(desired, ReconcileOptions.planning());

        assertThat(fixture.proxy.callsSince(planMark).writes()).as("a plan writes nothing").isZero();
        Map<String, ResourceStatus> status = byId(planned);
        assertThat(status.get("roles/task-role").sync()).isEqualTo(SyncState.OUT_OF_SYNC);
        assertThat(paths(status.get("roles/task-role"))).containsExactlyInAnyOrder(
                "inlinePolicies.added-by-hand", "inlinePolicies." + TASK_POLICY);
        assertThat(status.get("roles/task-role").drift()).filteredOn(d -> d.path().endsWith(TASK_POLICY))
                .singleElement().satisfies(d -> assertThat(d.actual()).isEqualTo("(absent)"));
        assertThat(paths(status.get("roles/execution-role"))).containsExactlyInAnyOrder("managedPolicyArns",
                "trustPolicy");

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult healed = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(healed.isSynced()).isTrue();
        assertThat(fixture.proxy.callsSince(mark).writeCalls()).extracting(c -> c.operation())
                .containsExactlyInAnyOrder("PutRolePolicy", "DeleteRolePolicy", "DetachRolePolicy",
                        "UpdateAssumeRolePolicy");
        assertThat(outOfBand.iam().listRolePolicies(r -> r.roleName(TASK_ROLE)).policyNames())
                .containsExactly(TASK_POLICY);
        assertThat(managed(EXECUTION_ROLE)).containsExactly(EXECUTION_POLICY);
        assertThat(outOfBand.iam().getRole(r -> r.roleName(EXECUTION_ROLE)).role().assumeRolePolicyDocument())
                .contains("ecs-tasks.amazonaws.com");
        assertThat(reconciler.reconcile(desired, ReconcileOptions.planning()).plan().isEmpty()).isTrue();
    }

    @Test
    void aChangedInlineDocumentIsDriftUnderItsName() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        outOfBand.iam().putRolePolicy(r -> r.roleName(TASK_ROLE).policyName(TASK_POLICY)
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":[\"xray:PutTraceSegments\"],\"Resource\":[\"*\"]}]}"));

        CycleResult planned = reconciler.reconcile(desired, ReconcileOptions.planning());

        assertThat(paths(byId(planned).get("roles/task-role"))).containsExactly("inlinePolicies." + TASK_POLICY);
        reconciler.reconcile(desired, ReconcileOptions.applying());
        assertThat(outOfBand.iam().getRolePolicy(r -> r.roleName(TASK_ROLE).policyName(TASK_POLICY))
                .policyDocument()).contains("GetSamplingStatisticSummaries");
    }

    @Test
    void anUnownedRoleWithTheDesiredNameIsAConflictAndIsNeverChanged() {
        outOfBand.iam().createRole(r -> r.roleName(TASK_ROLE).assumeRolePolicyDocument(LAMBDA_TRUST));
        CallLog.Mark mark = fixture.proxy.mark();

        CycleResult result = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(byId(result).get("roles/task-role").sync()).isEqualTo(SyncState.CONFLICT);
        assertThat(byId(result).get("roles/execution-role").sync()).isEqualTo(SyncState.SYNCED);
        assertThat(fixture.proxy.callsSince(mark).writeCalls()).extracting(c -> c.operation())
                .as("writes only for the execution role").containsExactlyInAnyOrder("CreateRole",
                        "AttachRolePolicy");
        assertThat(fixture.proxy.callsSince(mark).of("iam", "CreateRole")).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(200));
        assertThat(outOfBand.iam().listRolePolicies(r -> r.roleName(TASK_ROLE)).policyNames()).isEmpty();
        assertThat(tags(TASK_ROLE)).isEmpty();
        assertThat(outOfBand.iam().getRole(r -> r.roleName(TASK_ROLE)).role().assumeRolePolicyDocument())
                .contains("lambda.amazonaws.com");
    }

    @Test
    void aRoleDroppedFromTheSpecIsPrunedWithItsPoliciesAndOthersAreLeftAlone() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        outOfBand.iam().createRole(r -> r.roleName("someone-elses").assumeRolePolicyDocument(LAMBDA_TRUST)
                .tags(Tag.builder().key(OwnershipTags.MANAGED_BY).value(OwnershipTags.MANAGED_BY_VALUE).build(),
                        Tag.builder().key(OwnershipTags.APPLICATION).value("another-app").build()));
        DesiredState withoutTaskRole = new DesiredState(desired.application(), desired.region(),
                desired.resources().stream().filter(r -> !r.id().equals(LogicalId.of("roles/task-role"))).toList());

        CycleResult pruned = reconciler.reconcile(withoutTaskRole, ReconcileOptions.applying());

        assertThat(pruned.plan().actions()).extracting(a -> a.verb() + " " + a.physicalName())
                .containsExactly("DELETE " + TASK_ROLE);
        assertThatThrownBy(() -> outOfBand.iam().getRole(r -> r.roleName(TASK_ROLE)))
                .isInstanceOf(NoSuchEntityException.class);
        assertThat(outOfBand.iam().getRole(r -> r.roleName(EXECUTION_ROLE)).role()).isNotNull();
        assertThat(outOfBand.iam().getRole(r -> r.roleName("someone-elses")).role()).isNotNull();
        assertThat(reconciler.reconcile(withoutTaskRole, ReconcileOptions.planning()).plan().isEmpty()).isTrue();
    }

    @Test
    void aRoleNotVisibleYetAfterItsCreateIsNeitherDuplicatedNorReportedSyncedUntilSeen() {
        fixture.proxy.lag().window(Duration.ofHours(1));

        CycleResult first = reconciler.reconcile(desired, ReconcileOptions.applying());
        assertThat(first.isSynced()).as("the creates' own answers are enough").isTrue();
        assertThat(outOfBand.iam().listRolePolicies(r -> r.roleName(TASK_ROLE)).policyNames())
                .containsExactly(TASK_POLICY);

        CycleResult stillHidden = reconciler.reconcile(desired, ReconcileOptions.applying());
        assertThat(byId(stillHidden).get("roles/task-role")).satisfies(s -> {
            assertThat(s.sync()).isEqualTo(SyncState.ERROR);
            assertThat(s.retryable()).isTrue();
        });

        fixture.proxy.lag().revealAll();
        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult seen = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(seen.isSynced()).isTrue();
        assertThat(fixture.proxy.callsSince(mark).writes()).isZero();
        assertThat(outOfBand.iam().listRoles().roles()).extracting(r -> r.roleName())
                .containsExactlyInAnyOrder(TASK_ROLE, EXECUTION_ROLE);
    }

    private Set<String> managed(String role) {
        return outOfBand.iam().listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).collect(Collectors.toSet());
    }

    private Map<String, String> tags(String role) {
        return outOfBand.iam().listRoleTags(r -> r.roleName(role)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static Map<String, ResourceStatus> byId(CycleResult result) {
        return result.resources().stream().collect(Collectors.toMap(r -> r.id().value(), r -> r));
    }

    private static List<String> paths(ResourceStatus status) {
        return status.drift().stream().map(Drift::path).toList();
    }
}
