package io.tracefleet.e2e;

import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.testing.CallLog;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller converging the example from nothing, staying put when nothing changed, and applying a spec edit
 * with one new revision and one service update. AWS is moto, reached through the call-counting proxy; assertions
 * read moto directly.
 */
class ConvergeE2E extends E2EBase {

    @Test
    void fromNothingTheExampleConvergesToTheSeedTopology() {
        CycleResult result = controller.passFor(APP);

        assertThat(result.outOfSync()).as("every resource synced").isEmpty();
        assertThat(moto.ecs().describeClusters(r -> r.clusters("xray-fargate")).clusters())
                .singleElement().satisfies(c -> assertThat(c.status()).isEqualTo("ACTIVE"));
        assertThat(moto.iam().getRole(r -> r.roleName("xray-fargate-taskrole")).role().roleName())
                .isEqualTo("xray-fargate-taskrole");
        assertThat(moto.iam().listRolePolicies(r -> r.roleName("xray-fargate-taskrole")).policyNames())
                .containsExactly("xray-fargate-task-policy");
        assertThat(moto.iam().listAttachedRolePolicies(r -> r.roleName("xray-fargate-ecsTaskExecutionRole"))
                .attachedPolicies()).extracting(p -> p.policyName()).containsExactly("AmazonECSTaskExecutionRolePolicy");
        assertThat(moto.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values("xray-fargate-sg"))).securityGroups()).singleElement()
                .satisfies(sg -> assertThat(sg.ipPermissions()).hasSize(2));

        Map<String, LoadBalancer> albs = moto.elbv2().describeLoadBalancers().loadBalancers().stream()
                .collect(Collectors.toMap(LoadBalancer::loadBalancerName, lb -> lb));
        assertThat(albs).containsOnlyKeys("xray-fargate-a-alb", "xray-fargate-b-alb");
        assertThat(albs.values()).allSatisfy(lb -> assertThat(lb.schemeAsString()).isEqualTo("internet-facing"));
        assertThat(moto.elbv2().describeTargetGroups().targetGroups()).allSatisfy(tg -> {
            assertThat(tg.port()).isEqualTo(8080);
            assertThat(tg.targetTypeAsString()).isEqualTo("ip");
            assertThat(tg.healthCheckPath()).isEqualTo("/health");
        }).extracting(tg -> tg.targetGroupName()).containsExactlyInAnyOrder("xray-fargate-a-tg", "xray-fargate-b-tg");
        for (LoadBalancer lb : albs.values()) {
            assertThat(moto.elbv2().describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners())
                    .singleElement().satisfies(l -> assertThat(l.port()).isEqualTo(80));
        }
        assertThat(moto.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/service-")).logGroups())
                .extracting(g -> g.logGroupName()).containsExactlyInAnyOrder("/ecs/service-a", "/ecs/service-b");

        TaskDefinition a = moto.ecs().describeTaskDefinition(r -> r.taskDefinition("service-a")).taskDefinition();
        assertThat(a.cpu()).isEqualTo("256");
        assertThat(a.memory()).isEqualTo("512");
        ContainerDefinition app = a.containerDefinitions().stream().filter(c -> c.name().equals("service-a"))
                .findFirst().orElseThrow();
        assertThat(app.environment()).contains(KeyValuePair.builder().name("API_CNAME")
                .value(albs.get("xray-fargate-b-alb").dnsName()).build());
        assertThat(app.logConfiguration().options()).containsEntry("awslogs-region", "ap-northeast-1");
        assertThat(moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-a", "service-b"))
                .services()).allSatisfy(s -> {
                    assertThat(s.status()).isEqualTo("ACTIVE");
                    assertThat(s.desiredCount()).isEqualTo(1);
                    assertThat(s.loadBalancers()).hasSize(1);
                });
    }

    @Test
    void theNextPassMakesNoMutatingCallAndRegistersNoRevision() {
        controller.passFor(APP);
        CallLog.Mark mark = proxy.mark();

        CycleResult second = controller.passFor(APP);

        assertThat(second.plan().isEmpty()).isTrue();
        assertThat(second.resources()).allSatisfy(r -> assertThat(r.sync()).isEqualTo(SyncState.SYNCED));
        assertThat(proxy.callsSince(mark).writes()).isZero();
        assertThat(proxy.callsSince(mark).count("ecs", "RegisterTaskDefinition")).isZero();
        assertThat(proxy.callsSince(mark).count("elasticloadbalancing", "DescribeTargetHealth"))
                .as("by default target health is read only for services still moving; both are settled").isZero();
    }

    @Test
    void aSpecEditMakesOneNewRevisionAndOneServiceUpdate() throws IOException {
        controller.passFor(APP);
        editSpec(spec -> spec.replaceFirst("(?s)(service-b:.*?)cpu: 256\\n      memory: 512",
                        "$1cpu: 512\n      memory: 1024")
                .replaceFirst("(?s)(service-b:.*?image: \\$\\{services.service-b.repository}):latest", "$1:v2")
                .replaceFirst("(?s)(service-b:.*?healthCheckPath: /health\\n)", "$1      env:\n        MODE: fast\n"));
        CallLog.Mark mark = proxy.mark();

        CycleResult result = controller.passFor(APP);

        CallLog calls = proxy.callsSince(mark);
        assertThat(calls.count("ecs", "RegisterTaskDefinition")).isEqualTo(1);
        assertThat(calls.count("ecs", "UpdateService")).isEqualTo(1);
        assertThat(calls.writes()).as("nothing else changes").isEqualTo(2);
        assertThat(result.plan().actions()).extracting(a -> a.verb() + " " + a.id())
                .containsExactlyInAnyOrder("UPDATE service-b/task-definition", "UPDATE service-b/service");
        TaskDefinition b = moto.ecs().describeTaskDefinition(r -> r.taskDefinition("service-b")).taskDefinition();
        assertThat(b.cpu()).isEqualTo("512");
        assertThat(b.containerDefinitions().get(0).image()).endsWith("/service-b:v2");
        assertThat(b.containerDefinitions().get(0).environment())
                .contains(KeyValuePair.builder().name("MODE").value("fast").build());
        assertThat(moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-b")).services()
                .get(0).taskDefinition()).endsWith(":" + b.revision());
    }

    @Test
    void secretsReachTheTaskAsReferencesAndTheExecutionRoleMayReadThem() {
        String arn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf";
        editSpec(spec -> spec.replaceFirst("(?s)(service-b:.*?healthCheckPath: /health\\n)",
                "$1      secrets:\n        DB_PASSWORD: " + arn + "\n"));

        assertThat(controller.passFor(APP).outOfSync()).isEmpty();

        TaskDefinition b = moto.ecs().describeTaskDefinition(r -> r.taskDefinition("service-b")).taskDefinition();
        assertThat(b.containerDefinitions().get(0).secrets()).singleElement().satisfies(secret -> {
            assertThat(secret.name()).isEqualTo("DB_PASSWORD");
            assertThat(secret.valueFrom()).isEqualTo(arn);
        });
        String policy = java.net.URLDecoder.decode(moto.iam().getRolePolicy(r -> r
                .roleName("xray-fargate-ecsTaskExecutionRole").policyName("xray-fargate-secrets-policy"))
                .policyDocument(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(policy).contains("secretsmanager:GetSecretValue").contains(arn);
        CallLog.Mark mark = proxy.mark();
        assertThat(controller.passFor(APP).plan().isEmpty()).isTrue();
        assertThat(proxy.callsSince(mark).writes()).isZero();
    }
}
