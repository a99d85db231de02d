package io.tracefleet.resources;

import io.tracefleet.diff.Health;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts of the ELBv2 handlers that read AWS's answers without calling AWS. */
class ElbHandlersTest {
    private static final String TG = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/b/1";
    private static final String OTHER = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/o/2";

    @Test
    void aSimpleForwardReadsTheSameInEveryShapeAwsAnswersWith() {
        Action plain = Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(TG).build();
        Action config = Action.builder().type(ActionTypeEnum.FORWARD)
                .forwardConfig(f -> f.targetGroups(t -> t.targetGroupArn(TG).weight(1))).build();
        Action both = plain.toBuilder().forwardConfig(config.forwardConfig()).build();

        assertThat(List.of(plain, config, both)).allSatisfy(action ->
                assertThat(ListenerHandler.forwardTarget(List.of(action))).isEqualTo(TG));
    }

    @Test
    void aDefaultActionThatForwardsNowhereOrToSeveralIsNeverMistakenForOneTargetGroup() {
        Action fixed = Action.builder().type(ActionTypeEnum.FIXED_RESPONSE)
                .fixedResponseConfig(f -> f.statusCode("503")).build();
        Action weighted = Action.builder().type(ActionTypeEnum.FORWARD).forwardConfig(f -> f.targetGroups(
                t -> t.targetGroupArn(OTHER).weight(1), t -> t.targetGroupArn(TG).weight(1))).build();

        assertThat(ListenerHandler.forwardTarget(List.of(fixed))).isEqualTo("(no forward: fixed-response)");
        assertThat(ListenerHandler.forwardTarget(List.of(weighted)))
                .isEqualTo("(forward to several: " + TG + ", " + OTHER + ")");
    }

    @Test
    void aLoadBalancersStateGivesItsHealth() {
        assertThat(LoadBalancerHandler.healthOf("provisioning")).isEqualTo(Health.PROGRESSING);
        assertThat(LoadBalancerHandler.healthOf("active")).isEqualTo(Health.HEALTHY);
        assertThat(LoadBalancerHandler.healthOf("active_impaired")).isEqualTo(Health.DEGRADED);
        assertThat(LoadBalancerHandler.healthOf("failed")).isEqualTo(Health.DEGRADED);
        assertThat(LoadBalancerHandler.healthOf(null)).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void theListenersNameIsItsLoadBalancersAndPort() {
        assertThat(ListenerHandler.physicalName("xray-fargate-b-alb", 80)).isEqualTo("xray-fargate-b-alb:80");
    }

    @Test
    void aRuleArnNamesItsListener() {
        assertThat(ListenerRuleHandler.listenerOf("arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:"
                + "listener-rule/app/shop-edge-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"))
                .isEqualTo("arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:"
                        + "listener/app/shop-edge-alb/50dc6c495c0c9188/f2f7dc8efc522ab2");
    }

    @Test
    void aListenerArnNamesItsLoadBalancer() {
        // The shapes of AWS's documented examples (DescribeListeners, DescribeLoadBalancers).
        assertThat(ListenerHandler.loadBalancerOf("arn:aws:elasticloadbalancing:us-west-2:123456789012:"
                + "listener/app/my-load-balancer/50dc6c495c0c9188/f2f7dc8efc522ab2"))
                .isEqualTo("arn:aws:elasticloadbalancing:us-west-2:123456789012:"
                        + "loadbalancer/app/my-load-balancer/50dc6c495c0c9188");
    }
}
