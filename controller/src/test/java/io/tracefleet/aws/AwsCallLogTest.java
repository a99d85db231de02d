package io.tracefleet.aws;

import static io.tracefleet.aws.FakeAwsEndpoint.ec2Error;
import static io.tracefleet.aws.FakeAwsEndpoint.json;
import static io.tracefleet.aws.FakeAwsEndpoint.jsonError;
import static io.tracefleet.aws.FakeAwsEndpoint.queryError;
import static io.tracefleet.aws.FakeAwsEndpoint.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.IpPermission;

@ExtendWith(QuietSdkLogging.class)
class AwsCallLogTest {

    private static final AwsOperation DESCRIBE_CLUSTERS = AwsOperation.of(AwsService.ECS, "DescribeClusters");

    private FakeAwsEndpoint fake;
    private AwsCallLog log;
    private AwsClients aws;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeAwsEndpoint();
        log = new AwsCallLog();
        aws = AwsClients.create(AwsClientSettings.endpoint(fake.uri(), Region.EU_WEST_1)
                .withRetry(AwsClientsTest.QUICK_RETRIES).withInterceptors(log.interceptor()));
    }

    @AfterEach
    void stop() {
        aws.close();
        fake.close();
    }

    /** An on-demand plan's calls, tallied on its thread, are its own: not what a pass running meanwhile cost. */
    @Test
    void aTallyCountsItsThreadsAttemptsAndTheyAreLeftOutOfTheRest() throws Exception {
        String empty = "{\"clusters\":[],\"failures\":[]}";
        fake.on("DescribeClusters", json(empty), json(empty), json(empty));
        ThrottleBucket ecsReads = new ThrottleBucket(AwsService.ECS, "cluster-read");
        Thread other = new Thread(() -> aws.ecs().describeClusters());

        Map<ThrottleBucket, Long> plan;
        try (AwsCallLog.Tally tally = log.tally()) {
            aws.ecs().describeClusters();
            aws.ecs().describeClusters();
            other.start();
            other.join();
            plan = tally.attemptsByBucket();
        }

        assertThat(plan).containsExactly(Map.entry(ecsReads, 2L));
        assertThat(log.attemptsByBucket()).containsEntry(ecsReads, 3L);
        assertThat(log.attemptsByBucketOutsideTallies()).containsEntry(ecsReads, 1L);
    }

    @Test
    void aCallTheSdkRetriedIsOneSuccessfulCallOfSeveralAttempts() {
        fake.on("DescribeClusters", jsonError(400, "ThrottlingException", "Rate exceeded"),
                jsonError(400, "ThrottlingException", "Rate exceeded"), json("{\"clusters\":[],\"failures\":[]}"));

        aws.ecs().describeClusters();

        assertThat(fake.seen("DescribeClusters")).hasSize(3);
        assertThat(log.calls(DESCRIBE_CLUSTERS, AwsCallLog.SUCCESS)).isEqualTo(1);
        assertThat(log.calls(DESCRIBE_CLUSTERS)).isEqualTo(1);
        assertThat(log.attempts(DESCRIBE_CLUSTERS)).isEqualTo(3);
        assertThat(log.recentCalls()).singleElement().satisfies(call -> {
            assertThat(call.succeeded()).isTrue();
            assertThat(call.attempts()).isEqualTo(3);
            assertThat(call.latency()).isPositive();
        });
    }

    @Test
    void aCallThatStaysThrottledIsRecordedUnderAwsErrorCodeAfterAllAttempts() {
        fake.on("DescribeSecurityGroups", ec2Error(503, "RequestLimitExceeded", "Request limit exceeded."));
        AwsOperation describeGroups = AwsOperation.of(AwsService.EC2, "DescribeSecurityGroups");

        Throwable failure = catchThrowable(() -> aws.ec2().describeSecurityGroups());

        assertThat(AwsErrors.classify(failure)).isEqualTo(AwsErrorKind.THROTTLED);
        assertThat(AwsErrors.describe(failure))
                .isEqualTo("EC2 DescribeSecurityGroups: RequestLimitExceeded: Request limit exceeded.");
        assertThat(log.calls(describeGroups, "RequestLimitExceeded")).isEqualTo(1);
        assertThat(log.attempts(describeGroups)).isEqualTo(AwsClientsTest.QUICK_RETRIES.maxAttempts());
        assertThat(fake.seen("DescribeSecurityGroups")).hasSize(AwsClientsTest.QUICK_RETRIES.maxAttempts());
    }

    @Test
    void everyServiceIsRecordedUnderItsIamActionAndReadWriteClass() {
        fake.on("GetCallerIdentity", xml("<GetCallerIdentityResponse><GetCallerIdentityResult>"
                + "<Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"));
        fake.on("DescribeClusters", json("{\"clusters\":[],\"failures\":[]}"));
        fake.on("CreateService", jsonError(400, "InvalidParameterException", "Creation of service was not idempotent."));
        fake.on("CreateLoadBalancer", queryError(400, "DuplicateLoadBalancerName", "A load balancer with the same name "
                + "'app' exists, but with different settings"));
        fake.on("CreateRole", queryError(409, "EntityAlreadyExists", "Role with name app already exists."));
        fake.on("AuthorizeSecurityGroupIngress", xml("<AuthorizeSecurityGroupIngressResponse><requestId>r</requestId>"
                + "<return>true</return></AuthorizeSecurityGroupIngressResponse>"));
        fake.on("CreateLogGroup", json("{}"));
        fake.on("CreateRepository", jsonError(400, "RepositoryAlreadyExistsException", "The repository already exists"));

        aws.sts().getCallerIdentity();
        aws.ecs().describeClusters();
        Throwable ecs = catchThrowable(() -> aws.ecs().createService(r -> r.cluster("c").serviceName("app")));
        catchThrowable(() -> aws.elbv2().createLoadBalancer(r -> r.name("app")));
        catchThrowable(() -> aws.iam().createRole(r -> r.roleName("app").assumeRolePolicyDocument("{}")));
        aws.ec2().authorizeSecurityGroupIngress(r -> r.groupId("sg-1")
                .ipPermissions(IpPermission.builder().ipProtocol("tcp").fromPort(80).toPort(80).build()));
        aws.logs().createLogGroup(r -> r.logGroupName("/tracefleet/app"));
        catchThrowable(() -> aws.ecr().createRepository(r -> r.repositoryName("app")));

        assertThat(log.iamActions()).containsExactly(
                "ec2:AuthorizeSecurityGroupIngress",
                "ecr:CreateRepository",
                "ecs:CreateService",
                "ecs:DescribeClusters",
                "elasticloadbalancing:CreateLoadBalancer",
                "iam:CreateRole",
                "logs:CreateLogGroup",
                "sts:GetCallerIdentity");
        assertThat(log.calls(AwsOperation.Access.READ)).isEqualTo(2);
        assertThat(log.calls(AwsOperation.Access.WRITE)).isEqualTo(6);
        assertThat(log.calls(AwsOperation.of(AwsService.ECS, "CreateService"), "InvalidParameterException"))
                .isEqualTo(1);
        assertThat(AwsErrors.classify(ecs)).isEqualTo(AwsErrorKind.ALREADY_EXISTS);
        assertThat(log.calls(AwsOperation.of(AwsService.IAM, "CreateRole"), "EntityAlreadyExists")).isEqualTo(1);
        assertThat(log.calls(AwsService.ELBV2)).isEqualTo(1);
        assertThat(log.counts()).hasSize(8);
    }

    @Test
    void operationsAreReadsOnlyWhenTheirNamesSaySo() {
        assertThat(AwsOperation.of(AwsService.STS, "GetCallerIdentity").access()).isEqualTo(AwsOperation.Access.READ);
        assertThat(AwsOperation.of(AwsService.ECS, "ListServices").access()).isEqualTo(AwsOperation.Access.READ);
        assertThat(AwsOperation.of(AwsService.ECS, "RegisterTaskDefinition").access())
                .isEqualTo(AwsOperation.Access.WRITE);
        assertThat(AwsOperation.of(AwsService.LOGS, "PutRetentionPolicy").iamAction())
                .isEqualTo("logs:PutRetentionPolicy");
    }
}
