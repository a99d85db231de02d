package io.tracefleet.aws;

import static io.tracefleet.aws.AwsErrorKind.ALREADY_EXISTS;
import static io.tracefleet.aws.AwsErrorKind.NOT_FOUND;
import static io.tracefleet.aws.AwsErrorKind.RETRYABLE;
import static io.tracefleet.aws.AwsErrorKind.TERMINAL;
import static io.tracefleet.aws.AwsErrorKind.THROTTLED;
import static io.tracefleet.aws.AwsService.EC2;
import static io.tracefleet.aws.AwsService.ECR;
import static io.tracefleet.aws.AwsService.ECS;
import static io.tracefleet.aws.AwsService.ELBV2;
import static io.tracefleet.aws.AwsService.IAM;
import static io.tracefleet.aws.AwsService.LOGS;
import static io.tracefleet.aws.AwsService.STS;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The error-code tables {@link AwsErrors} classifies by. Codes are the wire error codes (for the
 * Query services IAM, ELBv2 and STS that is the model's {@code error.code}, e.g. {@code NoSuchEntity},
 * not the shape name {@code NoSuchEntityException}). They were taken from the botocore service
 * models' error shapes; AwsErrorCodesModelTest checks every one of them against those models.
 * A code absent from the tables falls back on the HTTP status (5xx retryable, 429 throttled) and
 * is otherwise terminal.
 */
final class AwsErrorCodes {

    private AwsErrorCodes() {
    }

    /** A code of one service (or, with no service, of any service) and what it means. */
    record CodeRule(Optional<AwsService> service, String code, AwsErrorKind kind) {
    }

    /**
     * An error whose code alone says "invalid request" but whose message shows a state AWS has not
     * caught up with yet, mostly a just-created IAM role or policy that the service cannot use yet.
     * Matching on AWS's message text is brittle, so each rule names where the text comes from.
     */
    record MessageRule(AwsService service, Optional<String> code, String messageFragment, AwsErrorKind kind,
            String why) {
    }

    private static CodeRule code(AwsService service, String code, AwsErrorKind kind) {
        return new CodeRule(Optional.of(service), code, kind);
    }

    private static CodeRule common(String code, AwsErrorKind kind) {
        return new CodeRule(Optional.empty(), code, kind);
    }

    // @formatter:off
    static final List<CodeRule> SERVICE_CODES = List.of(
        // service  code                                      kind
        code(ECS,   "ClusterNotFoundException",               NOT_FOUND),
        code(ECS,   "ServiceNotFoundException",               NOT_FOUND),
        // UpdateService on a DRAINING/INACTIVE service: to a reconciler it is as gone as a missing one.
        code(ECS,   "ServiceNotActiveException",              NOT_FOUND),
        code(ECS,   "TaskSetNotFoundException",               NOT_FOUND),
        code(ECS,   "ServiceDeploymentNotFoundException",     NOT_FOUND),
        code(ECS,   "ResourceNotFoundException",              NOT_FOUND),
        code(ECS,   "ServerException",                        RETRYABLE),
        code(ECS,   "ClientException",                        TERMINAL),
        code(ECS,   "InvalidParameterException",              TERMINAL),
        code(ECS,   "LimitExceededException",                 TERMINAL),
        code(ECS,   "PlatformUnknownException",               TERMINAL),
        code(ECS,   "PlatformTaskDefinitionIncompatibilityException", TERMINAL),
        code(ECS,   "UnsupportedFeatureException",            TERMINAL),
        code(ECS,   "ClusterContainsServicesException",       TERMINAL),
        code(ECS,   "ClusterContainsTasksException",          TERMINAL),

        code(ELBV2, "LoadBalancerNotFound",                   NOT_FOUND),
        code(ELBV2, "TargetGroupNotFound",                    NOT_FOUND),
        code(ELBV2, "ListenerNotFound",                       NOT_FOUND),
        code(ELBV2, "RuleNotFound",                           NOT_FOUND),
        code(ELBV2, "DuplicateLoadBalancerName",              ALREADY_EXISTS),
        code(ELBV2, "DuplicateTargetGroupName",               ALREADY_EXISTS),
        code(ELBV2, "DuplicateListener",                      ALREADY_EXISTS),
        // HTTP 429: another change to the same load balancer is still being applied.
        code(ELBV2, "PriorRequestNotComplete",                THROTTLED),
        // A target group still attached to a listener that is being deleted frees up shortly.
        code(ELBV2, "ResourceInUse",                          RETRYABLE),
        code(ELBV2, "HealthUnavailable",                      RETRYABLE),
        code(ELBV2, "InsufficientCapacity",                   RETRYABLE),
        code(ELBV2, "InvalidConfigurationRequest",            TERMINAL),
        code(ELBV2, "OperationNotPermitted",                  TERMINAL),
        code(ELBV2, "PriorityInUse",                          TERMINAL),
        code(ELBV2, "InvalidSubnet",                          TERMINAL),
        code(ELBV2, "InvalidSecurityGroup",                   TERMINAL),
        code(ELBV2, "InvalidTarget",                          TERMINAL),
        code(ELBV2, "IncompatibleProtocols",                  TERMINAL),
        code(ELBV2, "TooManyLoadBalancers",                   TERMINAL),
        code(ELBV2, "TooManyTargetGroups",                    TERMINAL),
        code(ELBV2, "TooManyListeners",                       TERMINAL),
        code(ELBV2, "TooManyRules",                           TERMINAL),
        code(ELBV2, "TooManyTags",                            TERMINAL),

        code(IAM,   "NoSuchEntity",                           NOT_FOUND),
        code(IAM,   "EntityAlreadyExists",                    ALREADY_EXISTS),
        code(IAM,   "ConcurrentModification",                 RETRYABLE),
        code(IAM,   "EntityTemporarilyUnmodifiable",          RETRYABLE),
        code(IAM,   "ServiceFailure",                         RETRYABLE),
        code(IAM,   "MalformedPolicyDocument",                TERMINAL),
        code(IAM,   "LimitExceeded",                          TERMINAL),
        code(IAM,   "InvalidInput",                           TERMINAL),
        code(IAM,   "DeleteConflict",                         TERMINAL),
        code(IAM,   "UnmodifiableEntity",                     TERMINAL),
        code(IAM,   "PolicyNotAttachable",                    TERMINAL),

        // EC2's model declares no error shapes; its codes are on the EC2 API error-code page.
        code(EC2,   "InvalidGroup.NotFound",                  NOT_FOUND),
        code(EC2,   "InvalidVpcID.NotFound",                  NOT_FOUND),
        code(EC2,   "InvalidSubnetID.NotFound",               NOT_FOUND),
        code(EC2,   "InvalidNetworkInterfaceID.NotFound",     NOT_FOUND),
        code(EC2,   "InvalidPermission.NotFound",             NOT_FOUND),
        code(EC2,   "InvalidGroup.Duplicate",                 ALREADY_EXISTS),
        code(EC2,   "InvalidPermission.Duplicate",            ALREADY_EXISTS),
        // A security group is still referenced by the ENI of a task that is stopping; ENIs detach
        // within minutes.
        code(EC2,   "DependencyViolation",                    RETRYABLE),
        code(EC2,   "UnauthorizedOperation",                  TERMINAL),

        code(LOGS,  "ResourceNotFoundException",              NOT_FOUND),
        code(LOGS,  "ResourceAlreadyExistsException",         ALREADY_EXISTS),
        // "Multiple requests to modify the same resource were in conflict."
        code(LOGS,  "OperationAbortedException",              RETRYABLE),
        code(LOGS,  "InvalidParameterException",              TERMINAL),
        code(LOGS,  "LimitExceededException",                 TERMINAL),
        code(LOGS,  "InvalidOperationException",              TERMINAL),

        code(ECR,   "RepositoryNotFoundException",            NOT_FOUND),
        code(ECR,   "RepositoryPolicyNotFoundException",      NOT_FOUND),
        code(ECR,   "LifecyclePolicyNotFoundException",       NOT_FOUND),
        code(ECR,   "ImageNotFoundException",                 NOT_FOUND),
        code(ECR,   "RepositoryAlreadyExistsException",       ALREADY_EXISTS),
        code(ECR,   "ServerException",                        RETRYABLE),
        code(ECR,   "InvalidParameterException",              TERMINAL),
        code(ECR,   "LimitExceededException",                 TERMINAL),
        code(ECR,   "RepositoryNotEmptyException",            TERMINAL),

        code(STS,   "ExpiredTokenException",                  TERMINAL),
        code(STS,   "RegionDisabledException",                TERMINAL)
    );

    /** Codes any of these services may answer with (AWS's "common errors"). */
    static final List<CodeRule> COMMON_CODES = List.of(
        common("ThrottlingException",         THROTTLED),
        common("Throttling",                  THROTTLED),
        common("RequestLimitExceeded",        THROTTLED),
        common("TooManyRequestsException",    THROTTLED),
        common("RequestThrottledException",   THROTTLED),

        common("ServiceUnavailable",          RETRYABLE),
        common("ServiceUnavailableException", RETRYABLE),
        common("InternalFailure",             RETRYABLE),
        common("InternalError",               RETRYABLE),
        common("InternalServerError",         RETRYABLE),
        common("InternalServerException",     RETRYABLE),
        common("RequestTimeout",              RETRYABLE),
        common("RequestTimeoutException",     RETRYABLE),

        common("AccessDenied",                TERMINAL),
        common("AccessDeniedException",       TERMINAL),
        common("ValidationError",             TERMINAL),
        common("ValidationException",         TERMINAL),
        common("InvalidParameterValue",       TERMINAL),
        common("InvalidParameterCombination", TERMINAL),
        common("MissingParameter",            TERMINAL),
        common("LimitExceeded",               TERMINAL),
        common("LimitExceededException",      TERMINAL),
        common("UnrecognizedClientException", TERMINAL),
        common("InvalidClientTokenId",        TERMINAL),
        common("IncompleteSignature",         TERMINAL),
        common("SignatureDoesNotMatch",       TERMINAL),
        common("RequestExpired",              TERMINAL),
        common("OptInRequired",               TERMINAL),
        common("NotAuthorized",               TERMINAL),
        common("InvalidAction",               TERMINAL),
        common("MalformedQueryString",        TERMINAL)
    );
    // @formatter:on

    private static final String EC2_ERROR_CODES_PAGE =
            "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html";
    private static final String COMMON_ERRORS_PAGE =
            "https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html";

    private static final String TERRAFORM_ECS_SERVICE = "retried by the Terraform AWS provider's ECS service resource";

    static final List<MessageRule> MESSAGE_RULES = List.of(
        // CreateService/UpdateService with a load balancer, e.g. "Unable to assume role and validate
        // the specified targetGroupArn. Please verify that the ECS service role being passed has the
        // proper permissions." or "... validate the listeners configured on your load balancer. ..."
        new MessageRule(ECS, Optional.of("InvalidParameterException"), "Unable to assume role and validate",
                RETRYABLE, "ECS cannot use a just-created service role yet; " + TERRAFORM_ECS_SERVICE),
        new MessageRule(ECS, Optional.of("InvalidParameterException"),
                "Please verify that the ECS service role being passed has the proper permissions",
                RETRYABLE, "ECS cannot use a just-created service role yet; " + TERRAFORM_ECS_SERVICE),
        // CreateCluster in a fresh account: "Unable to assume the service linked role. Please verify
        // that the ECS service linked role exists."
        new MessageRule(ECS, Optional.of("InvalidParameterException"), "Unable to assume the service linked role",
                RETRYABLE, "AWSServiceRoleForECS is created on first use and is not usable at once; "
                        + "retried by the Terraform AWS provider's ECS cluster resource"),
        // RunTask/StartTask: "ECS was unable to assume the role '<arn>' that was provided for this
        // task. Please verify that the role being passed has the proper trust relationship ..."
        new MessageRule(ECS, Optional.empty(), "ECS was unable to assume the role",
                RETRYABLE, "a just-created task or execution role is not yet assumable"),
        // ModifyLoadBalancerAttributes enabling access logs: "Access Denied for bucket: <name>.
        // Please check S3bucket permission"
        new MessageRule(ELBV2, Optional.of("InvalidConfigurationRequest"), "Access Denied for bucket",
                RETRYABLE, "a just-written S3 bucket policy is not yet in effect for ELB's delivery check"),
        // PutSubscriptionFilter/PutDestination: "Could not deliver test message to specified
        // destination/Kinesis stream/Firehose stream ..."
        new MessageRule(LOGS, Optional.of("InvalidParameterException"), "Could not deliver test message to specified",
                RETRYABLE, "the role Logs delivers with is not yet usable; "
                        + "retried by the Terraform AWS provider's subscription filter resource"),
        // ECS CreateService on a name that is already ACTIVE with a different definition.
        new MessageRule(ECS, Optional.of("InvalidParameterException"), "Creation of service was not idempotent",
                ALREADY_EXISTS, "a service of that name already exists in the cluster")
    );

    /**
     * Codes in the tables above that no botocore service model, waiter or retry rule names, and the
     * AWS page that documents each. EC2 declares no error shapes, and the Query-protocol
     * authentication errors live only on each API reference's "Common Errors" page.
     */
    static final Map<String, String> DOCUMENTED_OUTSIDE_MODELS = Map.ofEntries(
        Map.entry("InvalidSubnetID.NotFound", EC2_ERROR_CODES_PAGE),
        Map.entry("InvalidPermission.NotFound", EC2_ERROR_CODES_PAGE),
        Map.entry("InvalidGroup.Duplicate", EC2_ERROR_CODES_PAGE),
        Map.entry("InvalidPermission.Duplicate", EC2_ERROR_CODES_PAGE),
        Map.entry("DependencyViolation", EC2_ERROR_CODES_PAGE),
        Map.entry("UnauthorizedOperation", EC2_ERROR_CODES_PAGE),
        Map.entry("SignatureDoesNotMatch", EC2_ERROR_CODES_PAGE),
        Map.entry("InvalidClientTokenId", COMMON_ERRORS_PAGE),
        Map.entry("IncompleteSignature", COMMON_ERRORS_PAGE),
        Map.entry("RequestExpired", COMMON_ERRORS_PAGE),
        Map.entry("OptInRequired", COMMON_ERRORS_PAGE),
        Map.entry("NotAuthorized", COMMON_ERRORS_PAGE),
        Map.entry("InvalidAction", COMMON_ERRORS_PAGE),
        Map.entry("MalformedQueryString", COMMON_ERRORS_PAGE)
    );

    static Optional<AwsErrorKind> byMessage(AwsService service, String code, String message) {
        if (message == null) {
            return Optional.empty();
        }
        return MESSAGE_RULES.stream()
                .filter(r -> r.service() == service)
                .filter(r -> r.code().map(c -> c.equals(code)).orElse(true))
                .filter(r -> message.contains(r.messageFragment()))
                .map(MessageRule::kind)
                .findFirst();
    }

    static Optional<AwsErrorKind> byCode(Optional<AwsService> service, String code) {
        Optional<AwsErrorKind> specific = service.flatMap(s -> SERVICE_CODES.stream()
                .filter(r -> r.service().equals(Optional.of(s)) && r.code().equals(code))
                .map(CodeRule::kind)
                .findFirst());
        if (specific.isPresent()) {
            return specific;
        }
        return COMMON_CODES.stream().filter(r -> r.code().equals(code)).map(CodeRule::kind).findFirst();
    }

    /**
     * EC2 names its codes Resource.Reason, so a code this table lacks still says what it means,
     * e.g. {@code InvalidRouteTableID.NotFound}.
     */
    static Optional<AwsErrorKind> byEc2Convention(String code) {
        if (code.endsWith(".NotFound")) {
            return Optional.of(NOT_FOUND);
        }
        if (code.endsWith(".Duplicate")) {
            return Optional.of(ALREADY_EXISTS);
        }
        if (code.endsWith(".Malformed")) {
            return Optional.of(TERMINAL);
        }
        return Optional.empty();
    }
}
