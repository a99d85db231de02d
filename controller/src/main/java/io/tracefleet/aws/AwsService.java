package io.tracefleet.aws;

import java.util.Arrays;
import java.util.Optional;

/**
 * The AWS services Tracefleet talks to, with the three names each one goes by: the SDK's service
 * name (what {@code SdkExecutionAttribute.SERVICE_NAME} and {@code AwsErrorDetails.serviceName()}
 * carry), a short name for people, and the prefix of its IAM actions (which is not the SDK's name
 * for ELBv2 and CloudWatch Logs).
 */
public enum AwsService {
    ECS("Ecs", "ECS", "ecs"),
    ELBV2("ElasticLoadBalancingV2", "ELBv2", "elasticloadbalancing"),
    IAM("Iam", "IAM", "iam"),
    EC2("Ec2", "EC2", "ec2"),
    LOGS("CloudWatchLogs", "Logs", "logs"),
    ECR("Ecr", "ECR", "ecr"),
    STS("Sts", "STS", "sts"),
    /** Only the controller's own lease table (leader election), never a managed resource. */
    DYNAMODB("DynamoDb", "DynamoDB", "dynamodb");

    private final String sdkServiceName;
    private final String displayName;
    private final String iamPrefix;

    AwsService(String sdkServiceName, String displayName, String iamPrefix) {
        this.sdkServiceName = sdkServiceName;
        this.displayName = displayName;
        this.iamPrefix = iamPrefix;
    }

    public String sdkServiceName() {
        return sdkServiceName;
    }

    public String displayName() {
        return displayName;
    }

    public String iamPrefix() {
        return iamPrefix;
    }

    public static Optional<AwsService> fromSdkServiceName(String name) {
        return Arrays.stream(values()).filter(s -> s.sdkServiceName.equals(name)).findFirst();
    }
}
