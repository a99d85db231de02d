package io.tracefleet.cli;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.local.LocalAws;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.model.Tag;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a version of Tracefleet without ownership proofs created carries the tags only: a pass leaves it alone as
 * unproven, and {@code seal} is the one way to take it in, refusing what does not carry the tags.
 */
@ExtendWith(MotoExtension.class)
class SealIT {
    private static final String APP = "xray-fargate";
    @TempDir
    Path dir;
    private AwsProxy proxy;
    private AwsClients moto;
    private Path config;
    private final InProcessCli cli = new InProcessCli();

    @BeforeEach
    void writeConfig(LocalAws localAws) throws IOException {
        proxy = AwsProxy.start(localAws.endpoint());
        moto = AwsClients.create(AwsClientSettings.endpoint(localAws.endpoint(), Region.AP_NORTHEAST_1));
        config = InProcessCli.writeConfig(dir, proxy.endpoint());
    }

    @AfterEach
    void stop() {
        moto.close();
        proxy.close();
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private String output() {
        return cli.output();
    }

    @Test
    void unsealedResourcesAreLeftAloneUntilSealTakesInThoseWithTheTags() {
        // As an earlier version made them: the three tags, no proof. And a role that is someone else's.
        String cluster = moto.ecs().createCluster(r -> r.clusterName(APP).tags(OwnershipTags.of(APP,
                LogicalId.of("cluster")).entrySet().stream().map(e -> Tag.builder().key(e.getKey())
                .value(e.getValue()).build()).toList())).cluster().clusterArn();
        String vpc = moto.ec2().describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0)
                .vpcId();
        String group = moto.ec2().createSecurityGroup(r -> r.groupName("xray-fargate-sg").description("made earlier")
                .vpcId(vpc).tagSpecifications(t -> t.resourceType("security-group").tags(OwnershipTags.of(APP,
                        LogicalId.of("network/security-group")).entrySet().stream().map(e -> software.amazon
                        .awssdk.services.ec2.model.Tag.builder().key(e.getKey()).value(e.getValue()).build())
                        .toList()))).groupId();
        moto.iam().createRole(r -> r.roleName("xray-fargate-taskrole").assumeRolePolicyDocument("{\"Version\":"
                + "\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));

        assertThat(run("apply", config.toString())).as(output()).isEqualTo(1);
        assertThat(output()).contains("cluster (ecs-cluster xray-fargate): UNPROVEN")
                .contains("network/security-group (security-group xray-fargate-sg): UNPROVEN")
                .contains("roles/task-role (iam-role xray-fargate-taskrole): CONFLICT");
        assertThat(proxy.writesNaming(cluster)).as("writes naming the unsealed cluster").isEmpty();
        assertThat(proxy.writesNaming(group)).as("writes naming the unsealed security group").isEmpty();
        assertThat(moto.ec2().describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0)
                .ipPermissions()).as("no rule authorized on the unsealed group").isEmpty();

        CallLog.Mark dry = proxy.mark();
        assertThat(run("seal", config.toString(), "--dry-run")).as(output()).isZero();
        assertThat(output()).contains("xray-fargate: would seal ecs-cluster cluster (xray-fargate)")
                .contains("xray-fargate: would seal security-group network/security-group (xray-fargate-sg)")
                .contains("xray-fargate: refused iam-role roles/task-role (xray-fargate-taskrole): it does not "
                        + "carry the ownership tags of xray-fargate")
                .contains("dry run, nothing written");
        assertThat(proxy.callsSince(dry).writes()).isZero();

        CallLog.Mark seal = proxy.mark();
        assertThat(run("seal", config.toString())).as(output()).isZero();
        assertThat(output()).contains("xray-fargate: sealed ecs-cluster cluster (xray-fargate)")
                .contains("xray-fargate: sealed security-group network/security-group (xray-fargate-sg)")
                .contains("xray-fargate: refused iam-role roles/task-role (xray-fargate-taskrole)")
                .contains("already proven");
        assertThat(proxy.callsSince(seal).writeCalls()).extracting(AwsCall::operation)
                .containsOnly("TagResource", "CreateTags");
        assertThat(moto.ecs().listTagsForResource(r -> r.resourceArn(cluster)).tags())
                .anySatisfy(t -> assertThat(t.key()).isEqualTo(OwnershipTags.PROOF));

        assertThat(run("apply", config.toString())).as("the role is still someone else's").isEqualTo(1);
        assertThat(output()).doesNotContain("UNPROVEN")
                .contains("roles/task-role (iam-role xray-fargate-taskrole): CONFLICT");
        assertThat(moto.ec2().describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0)
                .ipPermissions()).as("the sealed group is Tracefleet's: its rules are put").isNotEmpty();
        assertThat(proxy.writesNaming("xray-fargate-taskrole")).as("the refused role is never written").isEmpty();
    }
}
