package io.tracefleet.e2e;

import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.diff.Drift;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.testing.CallLog;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Out-of-band changes: each one seen with its path, then healed by the next pass — or only reported. */
class DriftE2E extends E2EBase {

    private void convergeWithManagedRetention() {
        editSpec(spec -> spec.replaceFirst("(?s)(service-b:.*?healthCheckPath: /health\\n)",
                "$1      logRetentionDays: 30\n"));
        assertThat(controller.passFor(APP).outOfSync()).isEmpty();
    }

    /** The out-of-band drifts this suite heals, made with the SDK straight at moto. */
    private void driftEverything() {
        moto.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));
        String sg = moto.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values("xray-fargate-sg"))).securityGroups().get(0).groupId();
        moto.ec2().revokeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(p -> p.ipProtocol("tcp").fromPort(80)
                .toPort(80).ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
        String tg = moto.elbv2().describeTargetGroups(r -> r.names("xray-fargate-b-tg")).targetGroups().get(0)
                .targetGroupArn();
        moto.elbv2().modifyTargetGroup(r -> r.targetGroupArn(tg).healthCheckPath("/elsewhere"));
        LoadBalancer albA = moto.elbv2().describeLoadBalancers(r -> r.names("xray-fargate-a-alb")).loadBalancers()
                .get(0);
        moto.elbv2().describeListeners(r -> r.loadBalancerArn(albA.loadBalancerArn())).listeners()
                .forEach(l -> moto.elbv2().deleteListener(r -> r.listenerArn(l.listenerArn())));
        moto.iam().deleteRolePolicy(r -> r.roleName("xray-fargate-taskrole").policyName("xray-fargate-task-policy"));
        moto.logs().putRetentionPolicy(r -> r.logGroupName("/ecs/service-b").retentionInDays(7));
        registerRevisionWithEnv("service-a", "API_CNAME", "somewhere-else.example");
    }

    private void registerRevisionWithEnv(String family, String name, String value) {
        TaskDefinition current = moto.ecs().describeTaskDefinition(r -> r.taskDefinition(family)).taskDefinition();
        List<ContainerDefinition> containers = new ArrayList<>();
        for (ContainerDefinition c : current.containerDefinitions()) {
            if (!c.name().equals(family)) {
                containers.add(c);
                continue;
            }
            List<KeyValuePair> env = new ArrayList<>(c.environment().stream().filter(e -> !e.name().equals(name))
                    .toList());
            env.add(KeyValuePair.builder().name(name).value(value).build());
            containers.add(c.toBuilder().environment(env).build());
        }
        String arn = moto.ecs().registerTaskDefinition(r -> r.family(family).cpu(current.cpu())
                .memory(current.memory()).networkMode(current.networkMode())
                .requiresCompatibilitiesWithStrings(current.requiresCompatibilitiesAsStrings())
                .taskRoleArn(current.taskRoleArn()).executionRoleArn(current.executionRoleArn())
                .containerDefinitions(containers)).taskDefinition().taskDefinitionArn();
        moto.ecs().updateService(r -> r.cluster("xray-fargate").service(family).taskDefinition(arn));
    }

    @Test
    void everyDriftIsSeenWithItsPathAndHealedByTheNextPass() {
        convergeWithManagedRetention();
        driftEverything();

        CycleResult planned = controller.plan(APP).orElseThrow();

        Map<String, ResourceStatus> status = byId(planned);
        assertThat(paths(status.get("service-b/service"))).contains("desiredCount");
        assertThat(status.get("network/security-group").drift()).isNotEmpty();
        assertThat(paths(status.get("service-b/target-group"))).contains("healthCheckPath");
        assertThat(status.get("service-a/listener").sync()).isEqualTo(SyncState.MISSING);
        assertThat(paths(status.get("roles/task-role"))).anyMatch(p -> p.contains("xray-fargate-task-policy"));
        assertThat(paths(status.get("service-b/log-group"))).containsExactly("retentionDays");
        assertThat(status.get("service-a/task-definition").drift())
                .anySatisfy(d -> assertThat(d.path()).contains("API_CNAME"));

        CycleResult healed = controller.passFor(APP);
        assertThat(healed.outOfSync()).isEmpty();

        CycleResult after = controller.plan(APP).orElseThrow();
        assertThat(after.plan().isEmpty()).as("healed for good: " + after.plan().toText()).isTrue();
        assertThat(moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-b")).services()
                .get(0).desiredCount()).isEqualTo(1);
        assertThat(moto.iam().listRolePolicies(r -> r.roleName("xray-fargate-taskrole")).policyNames())
                .containsExactly("xray-fargate-task-policy");
    }

    @Test
    void withSelfHealOffDriftIsReportedAndNothingIsWritten() {
        editSpec(spec -> spec.replace("  tracing:\n", "  selfHeal: false\n  tracing:\n"));
        controller.wiring().loop().reconcileNow(APP).join();
        moto.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));
        CallLog.Mark mark = proxy.mark();

        CycleResult result = controller.passFor(APP);

        assertThat(byId(result).get("service-b/service").sync()).isEqualTo(SyncState.OUT_OF_SYNC);
        assertThat(paths(byId(result).get("service-b/service"))).contains("desiredCount");
        assertThat(proxy.callsSince(mark).writes()).isZero();
        assertThat(moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-b")).services()
                .get(0).desiredCount()).isEqualTo(3);
    }

    private static List<String> paths(ResourceStatus status) {
        return status.drift().stream().map(Drift::path).toList();
    }
}
