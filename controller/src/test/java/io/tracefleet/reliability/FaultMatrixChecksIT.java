package io.tracefleet.reliability;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.local.LocalAws;
import io.tracefleet.spec.TestSpecs;
import io.tracefleet.testing.MotoExtension;
import io.tracefleet.testing.TestAwsClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Filter;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault matrix's checks can fail: the inventory sees a duplicate, a leak and what is missing, and a
 * look-alike's recorded state changes when someone retags, reconfigures or deletes it.
 */
@Tag("fault-matrix")
@ExtendWith(MotoExtension.class)
class FaultMatrixChecksIT {
    private static final String APP = "xray-fargate";
    private final DesiredState desired = DesiredStateBuilder.build(TestSpecs.seedExample());
    private AwsClients aws;

    @BeforeEach
    void clients(LocalAws moto) {
        aws = TestAwsClients.of(moto.endpoint(), Region.AP_NORTHEAST_1);
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void theInventorySeesDuplicatesLeaksAndWhatIsMissing() {
        String vpc = aws.ec2().describeVpcs(r -> r.filters(Filter.builder().name("is-default").values("true")
                .build())).vpcs().get(0).vpcId();
        Map<String, String> targetGroupTags = OwnershipTags.of(APP, LogicalId.of("service-b/target-group"));
        for (String name : new String[] {"xray-fargate-b-tg", "xray-fargate-b-tg-twin"}) {
            aws.elbv2().createTargetGroup(r -> r.name(name).protocol("HTTP").port(8080).vpcId(vpc).targetType("ip")
                    .tags(targetGroupTags.entrySet().stream().map(e -> software.amazon.awssdk.services
                            .elasticloadbalancingv2.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                            .toList()));
        }
        aws.logs().createLogGroup(r -> r.logGroupName("/ecs/retired")
                .tags(OwnershipTags.of(APP, LogicalId.of("retired/log-group"))));
        aws.logs().createLogGroup(r -> r.logGroupName("/ecs/service-b")
                .tags(OwnershipTags.of(APP + "-staging", LogicalId.of("service-b/log-group"))));

        OwnedInventory inventory = OwnedInventory.of(aws, APP);

        assertThat(inventory.duplicates()).singleElement().asString()
                .startsWith("target-group service-b/target-group");
        assertThat(inventory.leaks(desired)).singleElement().satisfies(leak -> {
            assertThat(leak.kind()).isEqualTo(ResourceKind.LOG_GROUP);
            assertThat(leak.name()).isEqualTo("/ecs/retired");
        });
        assertThat(inventory.missing(desired)).extracting(r -> r.id().value())
                .contains("cluster", "service-b/log-group", "service-a/load-balancer")
                .doesNotContain("service-b/target-group");
    }

    @Test
    void aLookalikeThatWasTouchedReadsDifferently() {
        Lookalikes lookalikes = Lookalikes.seed(aws, desired);
        Map<String, String> before = lookalikes.state(aws);
        assertThat(lookalikes.state(aws)).as("read twice, untouched").isEqualTo(before);
        Lookalikes.Lookalike targetGroup = find(lookalikes, ResourceKind.TARGET_GROUP);
        Lookalikes.Lookalike logGroup = find(lookalikes, ResourceKind.LOG_GROUP);
        Lookalikes.Lookalike role = find(lookalikes, ResourceKind.IAM_ROLE);

        aws.elbv2().addTags(r -> r.resourceArns(targetGroup.identifier()).tags(t -> t
                .key(OwnershipTags.MANAGED_BY).value(OwnershipTags.MANAGED_BY_VALUE)));
        aws.logs().putRetentionPolicy(r -> r.logGroupName(logGroup.name()).retentionInDays(30));
        aws.iam().deleteRolePolicy(r -> r.roleName(role.name()).policyName(APP + "-task-policy"));

        Map<String, String> after = lookalikes.state(aws);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(before.keySet()).filteredOn(key -> !before.get(key).equals(after.get(key))).containsExactly(
                "target-group " + targetGroup.name(), "log-group " + logGroup.name(), "iam-role " + role.name());
    }

    private static Lookalikes.Lookalike find(Lookalikes lookalikes, ResourceKind kind) {
        return lookalikes.all().stream().filter(l -> l.kind() == kind).findFirst().orElseThrow();
    }
}
