package io.tracefleet.resources;

import io.tracefleet.reconcile.Delta;
import io.tracefleet.reconcile.Health;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Service;

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
        assertThat(EcsServiceHandler.health(view(2, subnets, new EcsServiceHandler.Rollout(2, 1, false))))
                .isEqualTo(Health.HEALTHY);
        assertThat(EcsServiceHandler.health(view(2, subnets, new EcsServiceHandler.Rollout(1, 1, false))))
                .isEqualTo(Health.PROGRESSING);
        assertThat(EcsServiceHandler.health(view(2, subnets, new EcsServiceHandler.Rollout(2, 2, false))))
                .isEqualTo(Health.PROGRESSING);
        assertThat(EcsServiceHandler.health(view(2, subnets, new EcsServiceHandler.Rollout(2, 2, true))))
                .isEqualTo(Health.DEGRADED);
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
        assertThat(actual.rollout()).isEqualTo(new EcsServiceHandler.Rollout(1, 0, false));
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
