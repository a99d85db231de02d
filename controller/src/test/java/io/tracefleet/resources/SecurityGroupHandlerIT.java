package io.tracefleet.resources;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.OwnershipTags;
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
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The example's security group through the reconciler: create, no-op, rule drift, heal, conflict, prune. */
@ExtendWith(MotoExtension.class)
class SecurityGroupHandlerIT {
    private static final String NAME = "xray-fargate-sg";

    private AwsFixture fixture;
    private AwsClients outOfBand;
    private ApplicationReconciler reconciler;
    private DesiredState desired;
    private String vpcId;

    @BeforeEach
    void start(LocalAws moto) {
        fixture = new AwsFixture(moto);
        outOfBand = TestAwsClients.of(moto.endpoint(), Region.of(fixture.seed.region()));
        reconciler = new ApplicationReconciler(fixture.aws, ResourceHandlers.all(), io.tracefleet.testing.TestKeys.KEYS, Clock.systemUTC());
        desired = fixture.seedOf(Set.of(ResourceKind.SECURITY_GROUP));
        vpcId = outOfBand.ec2().describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0)
                .vpcId();
    }

    @AfterEach
    void stop() {
        outOfBand.close();
        fixture.close();
    }

    @Test
    void createsTheGroupWithItsRulesThenMakesNoWriteOnTheNextCycle() {
        CycleResult first = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(first.plan().actions()).extracting(a -> a.verb() + " " + a.id())
                .containsExactly("CREATE network/security-group");
        assertThat(first.isSynced()).isTrue();
        SecurityGroup group = group(NAME).orElseThrow();
        assertThat(group.vpcId()).isEqualTo(vpcId);
        assertThat(group.tags()).contains(Tag.builder().key(OwnershipTags.APPLICATION).value("xray-fargate").build());
        assertThat(IngressRules.actual(group.ipPermissions(), group.groupId())).extracting(Object::toString)
                .containsExactlyInAnyOrder("tcp 80 from 0.0.0.0/0", "all traffic from itself");
        assertThat(first.resources().get(0).identifier()).isEqualTo(group.groupId());

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult second = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(second.plan().isEmpty()).as(second.plan().toText()).isTrue();
        assertThat(second.resources()).extracting(ResourceStatus::sync).containsExactly(SyncState.SYNCED);
        assertThat(fixture.proxy.callsSince(mark).writes()).as("an idle cycle writes nothing").isZero();
        assertThat(fixture.proxy.callsSince(mark).count("ec2", "DescribeSecurityGroups")).isPositive();
    }

    @Test
    void theGroupsOutputsAreItsIdAndArn() {
        CycleResult created = reconciler.reconcile(desired, ReconcileOptions.applying());
        SecurityGroup group = group(NAME).orElseThrow();
        CycleContext context = fixture.context(desired);

        Observed<SecurityGroupHandler.View> observed = new SecurityGroupHandler()
                .observe(desired.resources().get(0), context).orElseThrow();

        assertThat(observed.outputs()).containsEntry(Output.ID, group.groupId()).containsEntry(Output.ARN,
                "arn:aws:ec2:ap-northeast-1:" + group.ownerId() + ":security-group/" + group.groupId());
        assertThat(created.resources().get(0).identifier()).isEqualTo(observed.identifier());
    }

    @Test
    void ruleDriftIsReportedAndHealedRevokingAndAuthorizingOnlyThoseRules() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        String groupId = group(NAME).orElseThrow().groupId();
        String other = outOfBand.ec2().createSecurityGroup(r -> r.groupName("someone-else").description("x")
                .vpcId(vpcId)).groupId();
        outOfBand.ec2().revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(80).toPort(80).ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
        outOfBand.ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(
                IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
                        .ipRanges(IpRange.builder().cidrIp("10.0.0.0/8").build())
                        .ipv6Ranges(Ipv6Range.builder().cidrIpv6("::/0").build()).build(),
                IpPermission.builder().ipProtocol("tcp").fromPort(5432).toPort(5432)
                        .userIdGroupPairs(UserIdGroupPair.builder().groupId(other).build()).build()));
        CallLog.Mark planMark = fixture.proxy.mark();

        CycleResult planned = reconciler.reconcile(desired, ReconcileOptions.planning());

        assertThat(fixture.proxy.callsSince(planMark).writes()).as("a plan writes nothing").isZero();
        ResourceStatus status = planned.resources().get(0);
        assertThat(status.sync()).isEqualTo(SyncState.OUT_OF_SYNC);
        assertThat(status.drift()).extracting(Drift::path).containsExactly("ingress");
        assertThat(status.drift().get(0).desired()).contains("tcp 80 from 0.0.0.0/0");
        assertThat(status.drift().get(0).actual()).doesNotContain("tcp 80 from 0.0.0.0/0")
                .contains("tcp 22 from 10.0.0.0/8", "tcp 22 from ::/0", "tcp 5432 from " + other,
                        "all traffic from itself");

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult healed = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(healed.isSynced()).isTrue();
        assertThat(fixture.proxy.callsSince(mark).writeCalls()).extracting(c -> c.operation())
                .containsExactlyInAnyOrder("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress");
        SecurityGroup after = group(NAME).orElseThrow();
        assertThat(IngressRules.actual(after.ipPermissions(), groupId)).extracting(Object::toString)
                .containsExactlyInAnyOrder("tcp 80 from 0.0.0.0/0", "all traffic from itself");
        assertThat(reconciler.reconcile(desired, ReconcileOptions.planning()).plan().isEmpty()).isTrue();
    }

    @Test
    void anUnownedGroupWithTheDesiredNameIsAConflictAndIsNeverChanged() {
        String groupId = outOfBand.ec2().createSecurityGroup(r -> r.groupName(NAME).description("not ours")
                .vpcId(vpcId)).groupId();
        CallLog.Mark mark = fixture.proxy.mark();

        CycleResult result = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(result.resources().get(0).sync()).isEqualTo(SyncState.CONFLICT);
        assertThat(result.resources().get(0).identifier()).isEqualTo(groupId);
        assertThat(fixture.proxy.callsSince(mark).writes()).isZero();
        SecurityGroup group = group(NAME).orElseThrow();
        assertThat(group.tags()).isEmpty();
        assertThat(group.ipPermissions()).isEmpty();
    }

    @Test
    void aGroupDroppedFromTheSpecIsPrunedAndAGroupMerelyTaggedWithTheApplicationIsNot() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        outOfBand.ec2().createSecurityGroup(r -> r.groupName("lookalike").description("x").vpcId(vpcId)
                .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP)
                        .tags(Tag.builder().key(OwnershipTags.APPLICATION).value("xray-fargate").build())));
        DesiredState empty = new DesiredState(desired.application(), desired.region(), List.of());

        CycleResult pruned = reconciler.reconcile(empty, ReconcileOptions.applying());

        assertThat(pruned.plan().actions()).extracting(a -> a.verb() + " " + a.physicalName())
                .containsExactly("DELETE " + NAME);
        assertThat(pruned.resources()).isEmpty();
        assertThat(group(NAME)).isEmpty();
        assertThat(group("lookalike")).isPresent();
        assertThat(reconciler.reconcile(empty, ReconcileOptions.planning()).plan().isEmpty()).isTrue();
    }

    private Optional<SecurityGroup> group(String name) {
        return outOfBand.ec2().describeSecurityGroups(r -> r.filters(
                        Filter.builder().name("group-name").values(name).build(),
                        Filter.builder().name("vpc-id").values(vpcId).build()))
                .securityGroups().stream().findFirst();
    }
}
