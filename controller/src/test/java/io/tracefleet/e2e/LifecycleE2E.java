package io.tracefleet.e2e;

import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.testing.CallLog;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Prune, conflicts and adoption, and invalid input: scenarios 6, 7 and 8. */
class LifecycleE2E extends E2EBase {

    @Test
    void aServiceDroppedFromTheSpecIsPrunedInOrderAndItsLogGroupKept() {
        controller.passFor(APP);
        editSpec(spec -> spec.substring(0, spec.indexOf("    service-a:\n")));
        CallLog.Mark mark = proxy.mark();

        CycleResult result = controller.passFor(APP);

        List<String> deletes = result.plan().actions().stream().map(a -> a.verb() + " " + a.kind()).toList();
        assertThat(deletes).containsExactly("DELETE ecs-service", "DELETE task-definition", "DELETE listener",
                "DELETE target-group", "DELETE load-balancer", "DELETE ecr-repository");
        assertThat(byId(result).get("service-a/log-group").sync()).isEqualTo(SyncState.ORPHANED);
        assertThat(moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-a")).services())
                .allSatisfy(s -> assertThat(s.status()).isNotEqualTo("ACTIVE"));
        assertThat(moto.elbv2().describeLoadBalancers().loadBalancers()).extracting(LoadBalancer::loadBalancerName)
                .containsExactly("xray-fargate-b-alb");
        assertThat(moto.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/service-a")).logGroups()).hasSize(1);
        assertThat(result.resources().stream().filter(r -> r.id().value().startsWith("service-b/")))
                .allSatisfy(r -> assertThat(r.sync()).isEqualTo(SyncState.SYNCED));
        assertThat(proxy.callsSince(mark).count("ecs", "DeleteService")).isEqualTo(1);
    }

    @Test
    void anUnownedLoadBalancerWithTheDesiredNameIsAConflictUntilAdopted() {
        String subnets = moto.ec2().describeSubnets(r -> r.filters(f -> f.name("default-for-az").values("true")))
                .subnets().get(0).subnetId();
        String other = moto.ec2().describeSubnets(r -> r.filters(f -> f.name("default-for-az").values("true")))
                .subnets().get(1).subnetId();
        String arn = moto.elbv2().createLoadBalancer(r -> r.name("xray-fargate-b-alb").subnets(subnets, other))
                .loadBalancers().get(0).loadBalancerArn();
        CallLog.Mark mark = proxy.mark();

        CycleResult result = controller.passFor(APP);

        assertThat(byId(result).get("service-b/load-balancer").sync()).isEqualTo(SyncState.CONFLICT);
        assertThat(byId(result).get("service-b/listener").sync()).isEqualTo(SyncState.BLOCKED);
        assertThat(proxy.callsSince(mark).writeCalls().stream().map(c -> c.operation())).doesNotContain("AddTags", "DeleteLoadBalancer", "SetSecurityGroups",
                "SetSubnets");
        assertThat(moto.elbv2().describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags()).isEmpty();

        editSpec(spec -> spec.replace("  tracing:\n", "  adopt: true\n  tracing:\n"));
        CycleResult adopted = controller.passFor(APP);

        assertThat(byId(adopted).get("service-b/load-balancer").sync()).isEqualTo(SyncState.SYNCED);
        assertThat(moto.elbv2().describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags())
                .anySatisfy(t -> assertThat(t.key()).isEqualTo("tracefleet.io/managed-by"));
    }

    @Test
    void aSpecEditedIntoInvalidYamlChangesNothing() {
        controller.passFor(APP);
        editSpec(spec -> spec.replace("    service-a:\n", "    service-a:\n  broken: [\n"));
        CallLog.Mark mark = proxy.mark();

        CycleResult result = controller.passFor(APP);

        assertThat(result.outOfSync()).isEmpty();
        assertThat(proxy.callsSince(mark).writes()).isZero();
        assertThat(controller.wiring().reconciler()).isNotNull();
        assertThat(moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-a", "service-b"))
                .services()).hasSize(2).allSatisfy(s -> assertThat(s.status()).isEqualTo("ACTIVE"));
    }

    @Test
    void aRemovedSpecFileRetainsItsResourcesAsOrphaned() throws java.io.IOException {
        controller.passFor(APP);
        java.nio.file.Files.delete(specFile());
        CallLog.Mark mark = proxy.mark();

        List<CycleResult> pass = controller.pass();

        assertThat(proxy.callsSince(mark).writes()).isZero();
        assertThat(pass).singleElement().satisfies(result -> assertThat(result.resources())
                .hasSize(18).allSatisfy(r -> assertThat(r.sync()).isEqualTo(SyncState.ORPHANED)));
        assertThat(moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-a", "service-b"))
                .services()).hasSize(2).allSatisfy(s -> assertThat(s.status()).isEqualTo("ACTIVE"));
        assertThat(controller.pass()).as("retired once; later passes leave it alone").isEmpty();
    }
}
