package io.tracefleet.aws;

import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Names the operation that failed on the exception itself, as a suppressed marker, because SDK
 * exceptions carry the service but not the operation, and "ECS CreateService: ..." is what a
 * person needs in a log or a status condition. It also shows in stack traces.
 */
final class AwsCallSite extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient AwsOperation operation;

    private AwsCallSite(AwsOperation operation) {
        super("AWS call " + operation.service().displayName() + " " + operation.name(), null, false, false);
        this.operation = operation;
    }

    AwsOperation operation() {
        return operation;
    }

    static Optional<AwsOperation> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof AwsCallSite site) {
                    return Optional.of(site.operation);
                }
            }
        }
        return Optional.empty();
    }

    /** Reads the service and operation from the SDK's execution attributes. */
    public static Optional<AwsOperation> operationOf(ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (operation == null) {
            return Optional.empty();
        }
        return AwsService.fromSdkServiceName(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                .map(service -> AwsOperation.of(service, operation));
    }

    /** Installed by {@link AwsClients} on every client, ahead of the caller's interceptors. */
    static final class Interceptor implements ExecutionInterceptor {
        @Override
        public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
            Throwable failure = context.exception();
            if (AwsCallSite.of(failure).isEmpty()) {
                operationOf(attributes).ifPresent(op -> failure.addSuppressed(new AwsCallSite(op)));
            }
            return failure;
        }
    }
}
