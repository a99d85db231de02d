package io.tracefleet.resources;

import io.tracefleet.diff.Delta;
import io.tracefleet.diff.Health;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EcsServiceHandlerTest {
    private static final String CLUSTER = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/app";
    private static final String TASK = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/svc:3";

    private static EcsServiceHandler.View view(int desiredCount, Set<String> subnets, EcsServiceHandler.Rollout rollout) {
        return new EcsServiceHandler.View(CLUSTER, TASK, desiredCount, "FARGATE",
                new EcsServiceHandler.Deployment(100, 0, false, false), subnets, Set.of("sg-1"), true,
                Set.of(new EcsServiceHandler.Binding("arn:tg", "svc", 8080)), rollout);
    }

    @Test
    void theClientTokenIsStableForTheSameCreateAndDiffersForAnother() {
        Set<String> ab = new LinkedHashSet<>(List.of("subnet-a", "subnet-b"));
        Set<String> ba = new LinkedHashSet<>(List.of("subnet-b", "subnet-a"));
        String token = EcsServiceHandler.clientToken("app", "svc/service", view(1, ab, null));

        assertThat(token).hasSizeLessThanOrEqualTo(36).matches("[\\x21-\\x7e]+");
        assertThat(EcsServiceHandler.clientToken("app", "svc/service", view(1, ba, null))).isEqualTo(token);
        assertThat(EcsServiceHandler.clientToken("app", "svc/service", view(2, ab, null))).isNotEqualTo(token);
        assertThat(EcsServiceHandler.clientToken("other", "svc/service", view(1, ab, null))).isNotEqualTo(token);
    }

    @Test
    void healthFollowsTheRollout() {
        Set<String> subnets = Set.of("subnet-a");
        assertThat(EcsServiceHandler.health(view(2, subnets, new EcsServiceHandler.Rollout(2, 1, false, null))))
                .isEqualTo(Health.HEALTHY);
        assertThat(EcsServiceHandler.health(view(2, subnets, new EcsServiceHandler.Rollout(1, 1, false, null))))
                .isEqualTo(Health.PROGRESSING);
        assertThat(EcsServiceHandler.health(view(2, subnets, new EcsServiceHandler.Rollout(2, 2, false, null))))
                .isEqualTo(Health.PROGRESSING);
        assertThat(EcsServiceHandler.health(view(2, subnets, new EcsServiceHandler.Rollout(2, 2, true, null))))
                .isEqualTo(Health.DEGRADED);
    }

    private static TargetHealthDescription target(String id, String state, String reason) {
        return TargetHealthDescription.builder().target(t -> t.id(id).port(8080))
                .targetHealth(h -> h.state(state).reason(reason)).build();
    }

    private static io.tracefleet.diff.HealthVerdict verdictWith(TargetHealth targets) {
        return EcsServiceHandler.verdict(view(2, Set.of("subnet-a"), new EcsServiceHandler.Rollout(2, 1, false,
                targets)));
    }

    @Test
    void targetHealthCountsEveryStateDescribeTargetHealthDocuments() {
        // The states of botocore's TargetHealthStateEnum, plus unhealthy.draining from newer models.
        TargetHealth counted = TargetHealth.of(List.of(target("10.0.0.1", "healthy", null),
                target("10.0.0.2", "unhealthy", "Target.Timeout"),
                target("10.0.0.3", "unhealthy.draining", "Target.ResponseCodeMismatch"),
                target("10.0.0.4", "initial", "Elb.InitialHealthChecking"),
                target("10.0.0.5", "draining", "Target.DeregistrationInProgress"),
                target("10.0.0.6", "unused", "Target.NotInUse"),
                target("10.0.0.7", "unavailable", "Target.HealthCheckDisabled")));

        assertThat(counted).isEqualTo(new TargetHealth(1, 2, 1, 1,
                List.of("Target.ResponseCodeMismatch", "Target.Timeout"), null));
        assertThat(counted.registered()).isEqualTo(4);
        assertThat(counted.summary()).isEqualTo("1 healthy, 2 unhealthy (Target.ResponseCodeMismatch, "
                + "Target.Timeout), 1 initial, 1 draining targets");
    }

    @Test
    void healthFollowsTheTargetsWhenTheLoadBalancerHasAny() {
        TargetHealth allHealthy = TargetHealth.of(List.of(target("a", "healthy", null), target("b", "healthy", null)));
        TargetHealth allFailing = TargetHealth.of(List.of(target("a", "unhealthy", "Target.Timeout"),
                target("b", "unhealthy", "Target.Timeout")));
        TargetHealth oneFailing = TargetHealth.of(List.of(target("a", "healthy", null),
                target("b", "unhealthy", "Target.ResponseCodeMismatch")));
        TargetHealth checking = TargetHealth.of(List.of(target("a", "initial", "Elb.InitialHealthChecking")));

        assertThat(verdictWith(allHealthy)).isEqualTo(new io.tracefleet.diff.HealthVerdict(Health.HEALTHY,
                "2 of 2 tasks running; 2 healthy, 0 unhealthy, 0 initial targets"));
        assertThat(verdictWith(allFailing).health()).isEqualTo(Health.DEGRADED);
        assertThat(verdictWith(allFailing).reason()).startsWith("no healthy target; ").contains("Target.Timeout");
        assertThat(verdictWith(oneFailing).health()).as("ECS replaces the failing task").isEqualTo(Health.PROGRESSING);
        assertThat(verdictWith(checking).health()).isEqualTo(Health.PROGRESSING);
        assertThat(verdictWith(TargetHealth.NONE).health()).as("no registered target is no signal")
                .isEqualTo(Health.HEALTHY);
        assertThat(verdictWith(TargetHealth.unreadable("Throttling"))).isEqualTo(new io.tracefleet.diff.HealthVerdict(
                Health.HEALTHY, "2 of 2 tasks running; target health unreadable (Throttling)"));
        assertThat(EcsServiceHandler.verdict(view(2, Set.of("subnet-a"), new EcsServiceHandler.Rollout(2, 1, true,
                allHealthy))).health()).as("a failed rollout outranks healthy targets").isEqualTo(Health.DEGRADED);
    }

    @Test
    void targetHealthIsReadAlwaysOnlyWhileUnsettledOrNever() {
        Set<String> subnets = Set.of("subnet-a");
        EcsServiceHandler.View settled = view(2, subnets, new EcsServiceHandler.Rollout(2, 1, false, null));
        EcsServiceHandler.View shortOfTasks = view(2, subnets, new EcsServiceHandler.Rollout(1, 1, false, null));
        EcsServiceHandler.View rolling = view(2, subnets, new EcsServiceHandler.Rollout(2, 2, false, null));
        EcsServiceHandler.View failed = view(2, subnets, new EcsServiceHandler.Rollout(2, 1, true, null));
        EcsServiceHandler.View stopped = view(2, subnets, new EcsServiceHandler.Rollout(0, 1, false, null));

        assertThat(List.of(settled, shortOfTasks, rolling, failed, stopped)).extracting(TargetHealthReads.ALWAYS::reads)
                .containsExactly(true, true, true, true, false);
        assertThat(List.of(settled, shortOfTasks, rolling, failed, stopped))
                .extracting(TargetHealthReads.UNSETTLED::reads).containsExactly(false, true, true, true, false);
        assertThat(List.of(settled, shortOfTasks, rolling, failed, stopped)).extracting(TargetHealthReads.NEVER::reads)
                .containsOnly(false);
    }

    @Test
    void anAnswerWithoutDeploymentConfigurationOrNetworkIsUnknownNotDrift() {
        // moto's CreateService/DescribeServices answer leaves deploymentConfiguration out.
        Service answer = Service.builder().clusterArn(CLUSTER).serviceName("svc").taskDefinition(TASK)
                .desiredCount(1).launchType("FARGATE").runningCount(1).build();

        EcsServiceHandler.View actual = EcsServiceHandler.view(answer);

        assertThat(actual.deployment()).isNull();
        assertThat(actual.subnets()).isNull();
        assertThat(Delta.between(view(1, Set.of("subnet-a"), null), actual).paths())
                .as("only what the answer has is compared").isEmpty();
        assertThat(actual.rollout()).isEqualTo(new EcsServiceHandler.Rollout(1, 0, false, null));
    }

    @Test
    void aDriftedCircuitBreakerIsReportedUnderDeployment() {
        Service answer = Service.builder().clusterArn(CLUSTER).taskDefinition(TASK).desiredCount(1)
                .launchType("FARGATE").deploymentConfiguration(d -> d.maximumPercent(100).minimumHealthyPercent(0)
                        .deploymentCircuitBreaker(b -> b.enable(true).rollback(false)))
                .build();

        assertThat(Delta.between(view(1, Set.of("subnet-a"), null), EcsServiceHandler.view(answer)).paths())
                .containsExactly("deployment.circuitBreaker");
    }
}
