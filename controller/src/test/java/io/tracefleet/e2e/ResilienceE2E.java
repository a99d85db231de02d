package io.tracefleet.e2e;

import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.testing.Fault;
import io.tracefleet.testing.FaultRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS misbehaving (scenario 10): nothing duplicated, nothing leaked. A controller stopped mid-converge (scenario 9)
 * is {@code reliability/CrashRestartE2E}, after every write of a converge, a prune and a replace.
 */
class ResilienceE2E extends E2EBase {
    private static final int PASS_LIMIT = 6;

    @Test
    void throttlingServerErrorsAndReadAfterWriteLagStillConvergeWithoutDuplicates() {
        for (String service : List.of("ecs", "elasticloadbalancing", "iam", "ec2", "logs", "ecr")) {
            proxy.inject(FaultRule.on(service, "*", Fault.throttling()).withProbability(0.3));
            proxy.inject(FaultRule.on(service, "*", Fault.serverError(500)).withProbability(0.1));
        }
        proxy.lag().window(Duration.ofSeconds(2));

        CycleResult result = passUntilSynced();

        assertThat(result.outOfSync()).isEmpty();
        assertNoDuplicates();
    }

    private CycleResult passUntilSynced() {
        CycleResult result = null;
        for (int pass = 1; pass <= PASS_LIMIT; pass++) {
            result = controller.passFor(APP);
            if (result.outOfSync().isEmpty()) {
                return result;
            }
        }
        throw new AssertionError("not converged after " + PASS_LIMIT + " passes:\n" + result.outOfSync());
    }

    private void assertNoDuplicates() {
        assertThat(moto.elbv2().describeLoadBalancers().loadBalancers()).extracting(lb -> lb.loadBalancerName())
                .containsExactlyInAnyOrder("xray-fargate-a-alb", "xray-fargate-b-alb");
        assertThat(moto.elbv2().describeTargetGroups().targetGroups()).extracting(tg -> tg.targetGroupName())
                .containsExactlyInAnyOrder("xray-fargate-a-tg", "xray-fargate-b-tg");
        assertThat(moto.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values("xray-fargate-sg"))).securityGroups()).hasSize(1);
        assertThat(moto.ecs().listServices(r -> r.cluster("xray-fargate")).serviceArns()).hasSize(2);
        assertThat(moto.ecs().listClusters().clusterArns()).hasSize(1);
        for (String family : List.of("service-a", "service-b")) {
            assertThat(moto.ecs().listTaskDefinitions(r -> r.familyPrefix(family).status("ACTIVE"))
                    .taskDefinitionArns()).as("ACTIVE revisions of " + family).hasSizeLessThanOrEqualTo(2);
        }
        for (String lb : List.of("xray-fargate-a-alb", "xray-fargate-b-alb")) {
            String arn = moto.elbv2().describeLoadBalancers(r -> r.names(lb)).loadBalancers().get(0)
                    .loadBalancerArn();
            assertThat(moto.elbv2().describeListeners(r -> r.loadBalancerArn(arn)).listeners()).hasSize(1);
        }
    }
}
