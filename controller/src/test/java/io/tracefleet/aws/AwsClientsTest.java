package io.tracefleet.aws;

import static io.tracefleet.aws.FakeAwsEndpoint.ec2Error;
import static io.tracefleet.aws.FakeAwsEndpoint.json;
import static io.tracefleet.aws.FakeAwsEndpoint.jsonError;
import static io.tracefleet.aws.FakeAwsEndpoint.queryError;
import static io.tracefleet.aws.FakeAwsEndpoint.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

@ExtendWith(QuietSdkLogging.class)
class AwsClientsTest {

    static final AwsClientSettings.RetrySettings QUICK_RETRIES =
            new AwsClientSettings.RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private FakeAwsEndpoint fake;
    private AwsClients aws;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeAwsEndpoint();
        aws = AwsClients.create(AwsClientSettings.endpoint(fake.uri(), Region.EU_WEST_1).withRetry(QUICK_RETRIES));
    }

    @AfterEach
    void stop() {
        aws.close();
        fake.close();
    }

    @Test
    void ecsSpeaksJsonToTheOverriddenEndpointSignedAsTestForTheConfiguredRegion() {
        fake.on("DescribeClusters", json("{\"clusters\":[],\"failures\":[]}"));

        var response = aws.ecs().describeClusters(r -> r.clusters("tracefleet"));

        assertThat(response.clusters()).isEmpty();
        assertThat(response.failures()).isEmpty();
        FakeAwsEndpoint.Seen request = fake.seen("DescribeClusters").get(0);
        assertThat(request.body()).contains("\"clusters\":[\"tracefleet\"]");
        assertThat(request.authorization()).contains("Credential=test/").contains("/eu-west-1/ecs/aws4_request");
    }

    @Test
    void stsSpeaksQueryXml() {
        fake.on("GetCallerIdentity", xml("<GetCallerIdentityResponse><GetCallerIdentityResult>"
                + "<Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDAEXAMPLE</UserId>"
                + "<Account>123456789012</Account></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>"));

        var identity = aws.sts().getCallerIdentity();

        assertThat(identity.account()).isEqualTo("123456789012");
        assertThat(identity.arn()).isEqualTo("arn:aws:iam::123456789012:user/ci");
    }

    @Test
    void iamSignsForUsEast1WhateverTheConfiguredRegionButStillUsesTheOverride() {
        fake.on("GetRole", queryError(404, "NoSuchEntity", "The role with name app-task cannot be found."));

        Throwable failure = catchThrowable(() -> aws.iam().getRole(r -> r.roleName("app-task")));

        assertThat(failure).isInstanceOf(NoSuchEntityException.class);
        assertThat(AwsErrors.classify(failure)).isEqualTo(AwsErrorKind.NOT_FOUND);
        assertThat(AwsErrors.describe(failure))
                .isEqualTo("IAM GetRole: NoSuchEntity: The role with name app-task cannot be found.");
        assertThat(fake.seen("GetRole")).singleElement()
                .satisfies(s -> assertThat(s.authorization()).contains("/us-east-1/iam/aws4_request"));
    }

    @Test
    void iamSigningRegionIsThePartitionsHome() {
        assertThat(AwsClients.iamSigningRegion(Region.EU_WEST_1)).isEqualTo(Region.US_EAST_1);
        assertThat(AwsClients.iamSigningRegion(Region.AP_SOUTHEAST_2)).isEqualTo(Region.US_EAST_1);
        assertThat(AwsClients.iamSigningRegion(Region.CN_NORTHWEST_1)).isEqualTo(Region.CN_NORTH_1);
        assertThat(AwsClients.iamSigningRegion(Region.US_GOV_EAST_1)).isEqualTo(Region.US_GOV_WEST_1);
    }

    @Test
    void ec2SpeaksItsOwnXmlDialectForAnswersAndErrors() {
        fake.on("DescribeSecurityGroups",
                xml("<DescribeSecurityGroupsResponse><requestId>req-1</requestId><securityGroupInfo>"
                        + "<item><groupId>sg-1</groupId><groupName>app</groupName></item>"
                        + "</securityGroupInfo></DescribeSecurityGroupsResponse>"));
        fake.on("DeleteSecurityGroup", ec2Error(400, "InvalidGroup.NotFound", "The security group 'sg-2' does not exist"));

        assertThat(aws.ec2().describeSecurityGroups().securityGroups()).singleElement()
                .satisfies(g -> assertThat(g.groupId()).isEqualTo("sg-1"));
        Throwable failure = catchThrowable(() -> aws.ec2().deleteSecurityGroup(r -> r.groupId("sg-2")));
        assertThat(failure).isInstanceOf(Ec2Exception.class);
        assertThat(AwsErrors.errorCode(failure)).contains("InvalidGroup.NotFound");
        assertThat(AwsErrors.classify(failure)).isEqualTo(AwsErrorKind.NOT_FOUND);
    }

    @Test
    void elbv2MapsItsQueryErrorCodeToTheModeledException() {
        fake.on("DescribeLoadBalancers", queryError(400, "LoadBalancerNotFound", "One or more load balancers not found"));

        Throwable failure = catchThrowable(() -> aws.elbv2().describeLoadBalancers(r -> r.names("app")));

        assertThat(failure).isInstanceOf(LoadBalancerNotFoundException.class);
        assertThat(AwsErrors.classify(failure)).isEqualTo(AwsErrorKind.NOT_FOUND);
        assertThat(AwsErrors.httpStatus(failure)).hasValue(400);
    }

    @Test
    void logsAndEcrSpeakJson() {
        fake.on("DescribeLogGroups", json("{\"logGroups\":[]}"));
        fake.on("DescribeRepositories", jsonError(400, "RepositoryNotFoundException",
                "The repository with name 'app' does not exist in the registry with id '123456789012'"));

        assertThat(aws.logs().describeLogGroups(r -> r.logGroupNamePrefix("/tracefleet")).logGroups()).isEmpty();
        Throwable failure = catchThrowable(() -> aws.ecr().describeRepositories(r -> r.repositoryNames("app")));

        assertThat(failure).isInstanceOf(RepositoryNotFoundException.class);
        assertThat(AwsErrors.describe(failure)).isEqualTo("ECR DescribeRepositories: RepositoryNotFoundException: "
                + "The repository with name 'app' does not exist in the registry with id '123456789012'");
    }

    @Test
    void anEndpointThatNeverAnswersFailsTheCallWithinItsTimeouts() throws IOException {
        // Connections complete in the listen backlog but nothing ever reads or answers them.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                AwsClients stuck = AwsClients.create(AwsClientSettings
                        .endpoint(URI.create("http://127.0.0.1:" + silent.getLocalPort()), Region.EU_WEST_1)
                        .withRetry(new AwsClientSettings.RetrySettings(2, Duration.ofMillis(1), Duration.ofMillis(1)))
                        .withTimeouts(new AwsClientSettings.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(30),
                                Duration.ofMillis(200), Duration.ofSeconds(5))))) {

            Throwable failure = catchThrowable(() -> stuck.ecs().describeClusters());

            assertThat(failure).isInstanceOfAny(ApiCallAttemptTimeoutException.class, ApiCallTimeoutException.class);
            assertThat(AwsErrors.classify(failure)).isEqualTo(AwsErrorKind.RETRYABLE);
            assertThat(AwsErrors.describe(failure)).startsWith("ECS DescribeClusters: ApiCall");
        }
    }

    @Test
    void realAwsClientsTargetTheRegionAndIamItsGlobalHomeWithoutCallingAnything() {
        try (AwsClients real = AwsClients.create(AwsClientSettings.realAws(Region.EU_WEST_1))) {
            assertThat(real.region()).isEqualTo(Region.EU_WEST_1);
            assertThat(real.ecs().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
            assertThat(real.ecs().serviceClientConfiguration().endpointOverride()).isEmpty();
            assertThat(real.iam().serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
            assertThat(real.logs().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
        }
    }

    @Test
    void closingTwiceIsHarmlessAndClosedClientsRefuseWork() {
        aws.close();
        aws.close();

        assertThatThrownBy(() -> aws.ecs().describeClusters()).isInstanceOf(RuntimeException.class);
        assertThat(fake.seen()).isEmpty();
    }
}
