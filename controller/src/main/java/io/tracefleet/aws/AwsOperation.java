package io.tracefleet.aws;

import java.util.Optional;

import java.util.Objects;

/**
 * One AWS API operation, e.g. ECS {@code CreateService}. The operation names of these services are
 * also the names of their IAM actions, so {@link #iamAction()} is exact.
 */
public record AwsOperation(AwsService service, String name) {

    /** Whether a call only observes (reads) or changes something (writes). */
    public enum Access { READ, WRITE }

    public AwsOperation {
        Objects.requireNonNull(service, "service");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("operation name is blank");
        }
    }

    /** The operation an SDK call in progress makes, from its execution attributes; empty for other services. */
    public static Optional<AwsOperation> ofCall(software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
        return AwsCallSite.operationOf(attributes);
    }

    public static AwsOperation of(AwsService service, String name) {
        return new AwsOperation(service, name);
    }

    /** The IAM action this call needs, e.g. {@code elasticloadbalancing:CreateLoadBalancer}. */
    public String iamAction() {
        return service.iamPrefix() + ":" + name;
    }

    /**
     * Describe*, List* and Get* read; every other operation writes. STS GetCallerIdentity is a Get*.
     * This is the naming convention, not AWS's own IAM access level: e.g. ECR BatchGetImage counts
     * as a write here, which only errs on the safe side for throttling.
     */
    public Access access() {
        return name.startsWith("Describe") || name.startsWith("List") || name.startsWith("Get")
                ? Access.READ
                : Access.WRITE;
    }

    @Override
    public String toString() {
        return iamAction();
    }
}
