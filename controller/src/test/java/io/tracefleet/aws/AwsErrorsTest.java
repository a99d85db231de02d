package io.tracefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sts.model.StsException;

class AwsErrorsTest {

    /** The SDK exception a service's client throws for a code it has no modeled type for. */
    static AwsServiceException serviceError(AwsService service, String code, int status, String message) {
        AwsErrorDetails details = AwsErrorDetails.builder().serviceName(service.sdkServiceName()).errorCode(code)
                .errorMessage(message).build();
        AwsServiceException.Builder builder = switch (service) {
            case ECS -> EcsException.builder();
            case ELBV2 -> ElasticLoadBalancingV2Exception.builder();
            case IAM -> IamException.builder();
            case EC2 -> Ec2Exception.builder();
            case LOGS -> CloudWatchLogsException.builder();
            case ECR -> EcrException.builder();
            case STS -> StsException.builder();
            case DYNAMODB -> software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder();
        };
        return (AwsServiceException) builder.awsErrorDetails(details).statusCode(status)
                .message(message + " (Service: " + service.sdkServiceName() + ", Status Code: " + status + ")").build();
    }

    static Stream<Arguments> serviceCodes() {
        return AwsErrorCodes.SERVICE_CODES.stream()
                .map(r -> Arguments.of(r.service().orElseThrow(), r.code(), r.kind()));
    }

    static Stream<Arguments> commonCodes() {
        // Where a service has its own row for a common code, that row decides (tested above).
        return AwsErrorCodes.COMMON_CODES.stream()
                .flatMap(r -> Stream.of(AwsService.values())
                        .filter(s -> AwsErrorCodes.SERVICE_CODES.stream()
                                .noneMatch(own -> own.service().orElseThrow() == s && own.code().equals(r.code())))
                        .map(s -> Arguments.of(s, r.code(), r.kind())));
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @MethodSource("serviceCodes")
    void everyServiceCodeInTheTableClassifiesAsListed(AwsService service, String code, AwsErrorKind kind) {
        AwsServiceException e = serviceError(service, code, 400, "some message");

        assertThat(AwsErrors.classify(e)).isEqualTo(kind);
        assertThat(AwsErrors.errorCode(e)).contains(code);
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @MethodSource("commonCodes")
    void everyCommonCodeClassifiesAsListedForEveryService(AwsService service, String code, AwsErrorKind kind) {
        assertThat(AwsErrors.classify(serviceError(service, code, 400, "some message"))).isEqualTo(kind);
    }

    @Test
    void modeledExceptionTypesBuiltWithTheirBuildersClassifyLikeTheirCodes() {
        NoSuchEntityException missingRole = NoSuchEntityException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("Iam").errorCode("NoSuchEntity")
                        .errorMessage("The role with name app cannot be found.").build())
                .statusCode(404).build();
        EcsException missingCluster = (EcsException) EcsException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ClusterNotFoundException").build())
                .statusCode(400).build();

        assertThat(AwsErrors.classify(missingRole)).isEqualTo(AwsErrorKind.NOT_FOUND);
        assertThat(AwsErrors.awsMessage(missingRole)).isEqualTo("The role with name app cannot be found.");
        assertThat(AwsErrors.httpStatus(missingRole)).hasValue(404);
        // Without a service name in the details only the common table applies; this code is ECS's.
        assertThat(AwsErrors.classify(missingCluster)).isEqualTo(AwsErrorKind.TERMINAL);
    }

    @Test
    void iamEventualConsistencyMessagesAreRetryableThoughTheirCodeIsAValidationError() {
        InvalidParameterException roleNotReady = (InvalidParameterException) InvalidParameterException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("Ecs").errorCode("InvalidParameterException")
                        .errorMessage("Unable to assume role and validate the specified targetGroupArn. Please verify "
                                + "that the ECS service role being passed has the proper permissions.")
                        .build())
                .statusCode(400).build();

        assertThat(AwsErrors.classify(roleNotReady)).isEqualTo(AwsErrorKind.RETRYABLE);
        assertThat(AwsErrors.classify(serviceError(AwsService.ECS, "InvalidParameterException", 400,
                "Unable to assume the service linked role. Please verify that the ECS service linked role exists.")))
                .isEqualTo(AwsErrorKind.RETRYABLE);
        assertThat(AwsErrors.classify(serviceError(AwsService.ECS, "ClientException", 400,
                "ECS was unable to assume the role 'arn:aws:iam::123456789012:role/app' that was provided for this "
                        + "task.")))
                .isEqualTo(AwsErrorKind.RETRYABLE);
        assertThat(AwsErrors.classify(serviceError(AwsService.ELBV2, "InvalidConfigurationRequest", 400,
                "Access Denied for bucket: app-logs. Please check S3bucket permission")))
                .isEqualTo(AwsErrorKind.RETRYABLE);
        assertThat(AwsErrors.classify(serviceError(AwsService.LOGS, "InvalidParameterException", 400,
                "Could not deliver test message to specified destination. Check if the destination is valid.")))
                .isEqualTo(AwsErrorKind.RETRYABLE);
        // The same code with any other message is a plain validation error.
        assertThat(AwsErrors.classify(serviceError(AwsService.ECS, "InvalidParameterException", 400,
                "The container app does not exist in the task definition."))).isEqualTo(AwsErrorKind.TERMINAL);
    }

    @Test
    void ecsCreateServiceOnAnExistingNameIsAlreadyExists() {
        AwsServiceException e = serviceError(AwsService.ECS, "InvalidParameterException", 400,
                "Creation of service was not idempotent.");

        assertThat(AwsErrors.classify(e)).isEqualTo(AwsErrorKind.ALREADY_EXISTS);
    }

    @Test
    void unknownCodesFallBackOnTheHttpStatus() {
        assertThat(AwsErrors.classify(serviceError(AwsService.ECS, "SomethingNew", 503, "m")))
                .isEqualTo(AwsErrorKind.RETRYABLE);
        assertThat(AwsErrors.classify(serviceError(AwsService.ECS, "SomethingNew", 429, "m")))
                .isEqualTo(AwsErrorKind.THROTTLED);
        assertThat(AwsErrors.classify(serviceError(AwsService.ECS, "SomethingNew", 400, "m")))
                .isEqualTo(AwsErrorKind.TERMINAL);
        // EC2 answers throttling with 503; the code, not the status, decides.
        assertThat(AwsErrors.classify(serviceError(AwsService.EC2, "RequestLimitExceeded", 503, "m")))
                .isEqualTo(AwsErrorKind.THROTTLED);
    }

    @Test
    void ec2CodesOutsideTheTableFollowTheirNamingConvention() {
        assertThat(AwsErrors.classify(serviceError(AwsService.EC2, "InvalidRouteTableID.NotFound", 400, "m")))
                .isEqualTo(AwsErrorKind.NOT_FOUND);
        assertThat(AwsErrors.classify(serviceError(AwsService.EC2, "InvalidKeyPair.Duplicate", 400, "m")))
                .isEqualTo(AwsErrorKind.ALREADY_EXISTS);
        assertThat(AwsErrors.classify(serviceError(AwsService.EC2, "InvalidGroupId.Malformed", 400, "m")))
                .isEqualTo(AwsErrorKind.TERMINAL);
        // Only EC2 names codes that way.
        assertThat(AwsErrors.classify(serviceError(AwsService.ECS, "Thing.NotFound", 400, "m")))
                .isEqualTo(AwsErrorKind.TERMINAL);
    }

    @Test
    void clientSideFailuresWithoutAnAnswerFromAws() {
        assertThat(AwsErrors.classify(ApiCallTimeoutException.create(Duration.ofSeconds(5).toMillis())))
                .isEqualTo(AwsErrorKind.RETRYABLE);
        assertThat(AwsErrors.classify(ApiCallAttemptTimeoutException.create(Duration.ofSeconds(1).toMillis())))
                .isEqualTo(AwsErrorKind.RETRYABLE);
        SdkClientException reset = SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new SocketException("Connection reset")).build();
        assertThat(AwsErrors.classify(reset)).isEqualTo(AwsErrorKind.RETRYABLE);
        assertThat(AwsErrors.httpStatus(reset)).isEmpty();
        assertThat(AwsErrors.errorCode(reset)).isEmpty();
        assertThat(AwsErrors.classify(new UncheckedIOException(new IOException("broken pipe"))))
                .isEqualTo(AwsErrorKind.RETRYABLE);
        assertThat(AwsErrors.classify(SdkClientException.create("Unable to load credentials from any of the providers")))
                .isEqualTo(AwsErrorKind.TERMINAL);
        assertThat(AwsErrors.classify(AbortedException.create("Thread was interrupted")))
                .isEqualTo(AwsErrorKind.TERMINAL);
    }

    @Test
    void ourOwnLimiterRefusalIsThrottling() {
        ClientThrottledException refused = new ClientThrottledException(
                new ThrottleBucket(AwsService.ECS, "write"), Duration.ofSeconds(3), Duration.ofSeconds(1));

        assertThat(AwsErrors.classify(SdkClientException.create("wrapped", refused))).isEqualTo(AwsErrorKind.THROTTLED);
    }

    @Test
    void wrappersAreLookedThrough() {
        CompletionException wrapped = new CompletionException(serviceError(AwsService.LOGS,
                "ResourceAlreadyExistsException", 400, "The specified log group already exists"));

        assertThat(AwsErrors.classify(wrapped)).isEqualTo(AwsErrorKind.ALREADY_EXISTS);
        assertThat(AwsErrors.awsMessage(wrapped)).isEqualTo("The specified log group already exists");
    }

    @Test
    void withoutACallSiteDescribeNamesTheServiceFromTheErrorDetails() {
        AwsServiceException e = serviceError(AwsService.IAM, "MalformedPolicyDocument", 400,
                "Syntax errors in policy.");

        assertThat(AwsErrors.describe(e)).isEqualTo("IAM: MalformedPolicyDocument: Syntax errors in policy.");
        assertThat(AwsErrors.inspect(e).kind()).isEqualTo(AwsErrorKind.TERMINAL);
    }
}
