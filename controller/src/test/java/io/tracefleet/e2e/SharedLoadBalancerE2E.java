package io.tracefleet.e2e;

import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.CallLog;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example moved onto one shared load balancer, the way it would be at scale: the whole controller converges
 * it (ECS services on target groups that only a listener rule attaches), references resolve to the shared DNS
 * name, and the per-service load balancers of the example go.
 */
class SharedLoadBalancerE2E extends E2EBase {

    private static String shared(String spec) {
        return spec.replace("  tracing:\n", "  loadBalancers:\n    edge: {}\n  tracing:\n")
                .replace("""
                              loadBalancer:
                                port: 80
                                name: xray-fargate-b-alb
                        """, """
                              loadBalancer:
                                shared: edge
                                paths: [/b/*]
                        """)
                .replace("""
                              loadBalancer:
                                port: 80
                                name: xray-fargate-a-alb
                        """, """
                              loadBalancer:
                                shared: edge
                                paths: [/*]
                                priority: 50000
                        """);
    }

    @Test
    void theExampleMovesOntoOneSharedLoadBalancerAndTheServicesKeepTheirTargetGroups() {
        assertThat(controller.passFor(APP).outOfSync()).as("the example converged").isEmpty();
        String tgB = moto.elbv2().describeTargetGroups(r -> r.names("xray-fargate-b-tg")).targetGroups().get(0)
                .targetGroupArn();

        editSpec(SharedLoadBalancerE2E::shared);
        CallLog.Mark mark = proxy.mark();
        CycleResult moved = controller.passFor(APP);

        assertThat(moved.outOfSync()).as(moved.outOfSync().toString()).isEmpty();
        assertThat(moto.elbv2().describeLoadBalancers().loadBalancers()).extracting(LoadBalancer::loadBalancerName)
                .containsExactly("xray-fargate-edge-alb");
        assertThat(proxy.callsSince(mark).writeCalls()).extracting(AwsCall::operation)
                .as("the target groups and ECS services stay; rules come, the old load balancers go")
                .contains("CreateLoadBalancer", "CreateListener", "CreateRule", "DeleteListener",
                        "DeleteLoadBalancer")
                .doesNotContain("DeleteTargetGroup", "CreateTargetGroup", "DeleteService", "CreateService");
        assertThat(moto.elbv2().describeTargetGroups(r -> r.names("xray-fargate-b-tg")).targetGroups().get(0)
                .targetGroupArn()).isEqualTo(tgB);
        assertThat(moto.ecs().describeServices(r -> r.cluster(APP).services("service-b")).services().get(0)
                .loadBalancers()).singleElement().satisfies(lb -> assertThat(lb.targetGroupArn()).isEqualTo(tgB));

        String dns = moto.elbv2().describeLoadBalancers().loadBalancers().get(0).dnsName();
        assertThat(moved.endpoints()).containsEntry("service-b", "http://" + dns + "/b/")
                .containsEntry("service-a", "http://" + dns + "/");
        assertThat(moto.ecs().describeTaskDefinition(r -> r.taskDefinition("service-a")).taskDefinition()
                .containerDefinitions().get(0).environment()).contains(KeyValuePair.builder().name("API_CNAME")
                .value(dns).build());

        CallLog.Mark idle = proxy.mark();
        CycleResult next = controller.passFor(APP);
        assertThat(next.outOfSync()).isEmpty();
        assertThat(proxy.callsSince(idle).writes()).as("an idle pass writes nothing: "
                + proxy.callsSince(idle).byOperation()).isZero();
        System.out.printf("example on a shared load balancer, idle pass: %d reads%n", proxy.callsSince(idle).reads());
    }
}
