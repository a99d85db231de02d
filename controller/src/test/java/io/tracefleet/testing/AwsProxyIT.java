package io.tracefleet.testing;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracefleet.local.LocalAws;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.model.StsException;

/** The proxy in front of moto: every SDK client works through it, it counts, and its faults look like AWS's. */
@ExtendWith(MotoExtension.class)
class AwsProxyIT {

    private static final String TASK_EXECUTION_POLICY =
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    private AwsProxy proxy;
    private AwsClients aws;

    @BeforeEach
    void startProxy(LocalAws moto) {
        proxy = AwsProxy.start(moto.endpoint());
        aws = TestAwsClients.immediateRetries(proxy.endpoint(), MotoExtension.REGION, 3);
    }

    @AfterEach
    void stopProxy() {
        aws.close();
        proxy.close();
    }

    @Test
    void everyClientWorksThroughTheProxyAndEveryCallIsCounted() {
        aws.ecs().createCluster(request -> request.clusterName("c1"));
        assertThat(aws.ecs().describeClusters(request -> request.clusters("c1")).clusters())
                .extracting(Cluster::clusterName).containsExactly("c1");
        assertThat(aws.elbv2().describeLoadBalancers().loadBalancers()).isEmpty();
        assertThat(aws.iam().getPolicy(request -> request.policyArn(TASK_EXECUTION_POLICY)).policy().policyName())
                .isEqualTo("AmazonECSTaskExecutionRolePolicy");
        assertThat(aws.ec2().describeVpcs(request -> request.filters(filter -> filter.name("is-default")
                .values("true"))).vpcs()).hasSize(1);
        aws.logs().createLogGroup(request -> request.logGroupName("/tracefleet/app"));
        assertThat(aws.logs().describeLogGroups(request -> request.logGroupNamePrefix("/tracefleet")).logGroups())
                .singleElement().satisfies(group -> assertThat(group.logGroupName()).isEqualTo("/tracefleet/app"));
        assertThat(aws.ecr().createRepository(request -> request.repositoryName("app")).repository().repositoryUri())
                .contains("/app");
        assertThat(aws.sts().getCallerIdentity().account()).isEqualTo("123456789012");

        CallLog log = proxy.calls();
        assertThat(log.byOperation()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "ecs:CreateCluster", 1L, "ecs:DescribeClusters", 1L,
                "elasticloadbalancing:DescribeLoadBalancers", 1L,
                "iam:GetPolicy", 1L,
                "ec2:DescribeVpcs", 1L,
                "logs:CreateLogGroup", 1L, "logs:DescribeLogGroups", 1L,
                "ecr:CreateRepository", 1L,
                "sts:GetCallerIdentity", 1L)));
        assertThat(log.writes()).isEqualTo(3);
        assertThat(log.reads()).isEqualTo(6);
        assertThat(log.calls()).allSatisfy(call -> {
            assertThat(call.status()).isEqualTo(200);
            assertThat(call.fault()).isEmpty();
            assertThat(call.region()).isEqualTo(MotoExtension.REGION.id());
        });
    }

    @Test
    void aMarkCountsOnlyTheCallsAfterIt() {
        aws.ecs().createCluster(request -> request.clusterName("c1"));
        CallLog.Mark mark = proxy.mark();

        aws.ecs().describeClusters(request -> request.clusters("c1"));
        aws.ecs().listClusters();

        CallLog cycle = proxy.callsSince(mark);
        assertThat(cycle.writes()).isZero();
        assertThat(cycle.reads()).isEqualTo(2);
        assertThat(proxy.calls().writes()).isEqualTo(1);
    }

    /** One call per service, the exception AWS's throttling turns into, and its code and status. */
    record Throttled(String service, String operation, Consumer<AwsClients> call,
            Class<? extends AwsServiceException> exception, String code, int status) {
        @Override
        public String toString() {
            return service + ":" + operation;
        }
    }

    static Stream<Throttled> everyService() {
        return Stream.of(
                new Throttled("ecs", "ListClusters", aws -> aws.ecs().listClusters(),
                        EcsException.class, "ThrottlingException", 400),
                new Throttled("logs", "DescribeLogGroups", aws -> aws.logs().describeLogGroups(),
                        CloudWatchLogsException.class, "ThrottlingException", 400),
                new Throttled("ecr", "DescribeRepositories", aws -> aws.ecr().describeRepositories(),
                        EcrException.class, "ThrottlingException", 400),
                new Throttled("elasticloadbalancing", "DescribeLoadBalancers",
                        aws -> aws.elbv2().describeLoadBalancers(),
                        ElasticLoadBalancingV2Exception.class, "Throttling", 400),
                new Throttled("iam", "ListRoles", aws -> aws.iam().listRoles(),
                        IamException.class, "Throttling", 400),
                new Throttled("sts", "GetCallerIdentity", aws -> aws.sts().getCallerIdentity(),
                        StsException.class, "Throttling", 400),
                new Throttled("ec2", "DescribeVpcs", aws -> aws.ec2().describeVpcs(),
                        Ec2Exception.class, "RequestLimitExceeded", 503));
    }

    @ParameterizedTest
    @MethodSource("everyService")
    void throttlingReachesTheSdkAsTheServicesOwnThrottlingError(Throttled throttled) {
        proxy.inject(FaultRule.on(throttled.service(), throttled.operation(), Fault.throttling()));

        assertThatThrownBy(() -> throttled.call().accept(aws))
                .isInstanceOf(throttled.exception())
                .isInstanceOfSatisfying(AwsServiceException.class, error -> {
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo(throttled.code());
                    assertThat(error.statusCode()).isEqualTo(throttled.status());
                    assertThat(error.isThrottlingException()).isTrue();
                });
        // The SDK retried: every attempt reached the proxy.
        assertThat(proxy.calls().of(throttled.service(), throttled.operation()))
                .hasSize(3)
                .allSatisfy(call -> assertThat(call.fault()).contains("throttling"));
    }

    @Test
    void aThrottledCallIsRetriedBySdkAndThenSucceeds() {
        FaultRule once = FaultRule.on("ecs", "ListClusters", Fault.throttling()).times(1);
        proxy.inject(once);

        aws.ecs().listClusters();

        assertThat(proxy.calls().of("ecs", "ListClusters")).extracting(AwsCall::status).containsExactly(400, 200);
    }

    @Test
    void internalErrorsUseEachProtocolsCodeAndAreRetried() {
        proxy.inject(FaultRule.on("ecs", "ListClusters", Fault.serverError(500)));
        proxy.inject(FaultRule.on("ec2", "DescribeVpcs", Fault.serverError(503)));
        proxy.inject(FaultRule.on("iam", "ListRoles", Fault.serverError(500)));

        assertThatThrownBy(() -> aws.ecs().listClusters()).isInstanceOfSatisfying(EcsException.class, error -> {
            assertThat(error.statusCode()).isEqualTo(500);
            assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
        });
        assertThatThrownBy(() -> aws.ec2().describeVpcs()).isInstanceOfSatisfying(Ec2Exception.class, error -> {
            assertThat(error.statusCode()).isEqualTo(503);
            assertThat(error.awsErrorDetails().errorCode()).isEqualTo("Unavailable");
        });
        assertThatThrownBy(() -> aws.iam().listRoles()).isInstanceOfSatisfying(IamException.class, error -> {
            assertThat(error.statusCode()).isEqualTo(500);
            assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
        });
        assertThat(proxy.calls().byOperation()).containsEntry("ecs:ListClusters", 3L)
                .containsEntry("ec2:DescribeVpcs", 3L).containsEntry("iam:ListRoles", 3L);
    }

    @Test
    void addedLatencyDelaysTheCallButForwardsIt() {
        Duration delay = Duration.ofMillis(200);
        proxy.inject(FaultRule.on("sts", "GetCallerIdentity", Fault.latency(delay)).times(1));

        assertThat(aws.sts().getCallerIdentity().account()).isEqualTo("123456789012");

        assertThat(proxy.calls().of("sts", "GetCallerIdentity")).singleElement().satisfies(call -> {
            assertThat(call.status()).isEqualTo(200);
            assertThat(call.fault()).contains("latency");
            // A lower bound only: the proxy waited at least this long before forwarding.
            assertThat(call.latency()).isGreaterThanOrEqualTo(delay);
        });
    }

    @Test
    void aResetConnectionIsRetriedBySdk() {
        proxy.inject(FaultRule.on("ecs", "ListClusters", Fault.connectionReset()).times(1));

        aws.ecs().listClusters();

        assertThat(proxy.calls().of("ecs", "ListClusters")).extracting(AwsCall::status).containsExactly(0, 200);
    }

    @Test
    void aLostAnswerHidesAWriteThatTookEffect() {
        proxy.inject(FaultRule.on("ecs", "CreateCluster", Fault.answerLost()).times(1));

        aws.ecs().createCluster(r -> r.clusterName("answer-lost"));

        assertThat(proxy.calls().of("ecs", "CreateCluster")).extracting(AwsCall::status).containsExactly(0, 200);
        assertThat(proxy.calls().of("ecs", "CreateCluster").get(0).fault()).contains("answer-lost");
        assertThat(aws.ecs().listClusters().clusterArns()).singleElement().asString().endsWith("/answer-lost");
    }

    @Test
    void connectionsResetEveryTimeSurfaceAsAClientError() {
        proxy.inject(FaultRule.on("ecs", "ListClusters", Fault.connectionReset()));

        assertThatThrownBy(() -> aws.ecs().listClusters())
                .isInstanceOf(SdkClientException.class)
                .isNotInstanceOf(AwsServiceException.class);
        assertThat(proxy.calls().count("ecs", "ListClusters")).isEqualTo(3);
    }

    @Test
    void aCallHeldPastTheAttemptTimeoutTimesOut() {
        AwsClientSettings oneShortAttempt = TestAwsClients.withImmediateRetries(
                AwsClientSettings.endpoint(proxy.endpoint(), MotoExtension.REGION), 1)
                .withTimeouts(new AwsClientSettings.Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(20),
                        Duration.ofMillis(300), Duration.ofSeconds(5)));
        AwsProxy.InjectedFault held = proxy.inject(
                FaultRule.on("ecs", "ListClusters", Fault.timeout(Duration.ofSeconds(30))).times(1));
        try (AwsClients impatient = AwsClients.create(oneShortAttempt)) {
            assertThatThrownBy(() -> impatient.ecs().listClusters())
                    .isInstanceOf(ApiCallAttemptTimeoutException.class);
        }
        // The held call is over for the client; the next one goes through (with room to answer on a busy machine:
        // 300 ms is a bound for the held call, not a promise about moto's speed).
        try (AwsClients patient = TestAwsClients.immediateRetries(proxy.endpoint(), MotoExtension.REGION, 1)) {
            patient.ecs().listClusters();
        }
        assertThat(held.hits()).isEqualTo(1);
        assertThat(proxy.calls().of("ecs", "ListClusters")).extracting(AwsCall::status).contains(200);
    }

    @Test
    void probabilisticFaultsHitSomeCallsAndSpareOthers() {
        AwsProxy.InjectedFault coinFlip = proxy.inject(
                FaultRule.on("ecs", "ListClusters", Fault.throttling()).withProbability(0.5));
        int failures = 0;
        try (AwsClients noRetries = TestAwsClients.immediateRetries(proxy.endpoint(), MotoExtension.REGION, 1)) {
            for (int i = 0; i < 20; i++) {
                try {
                    noRetries.ecs().listClusters();
                } catch (EcsException throttled) {
                    failures++;
                }
            }
        }
        // The proxy's dice have a fixed seed, so this split is the same on every run.
        assertThat(failures).isBetween(1, 19).isEqualTo(coinFlip.hits());
        assertThat(proxy.calls().faulted()).isEqualTo(failures);
    }
}
