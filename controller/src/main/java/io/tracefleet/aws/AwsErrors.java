package io.tracefleet.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The one place that decides what an exception from an AWS SDK call means. Works on any
 * throwable: it looks through wrappers (e.g. {@code CompletionException}) along the cause chain.
 * The code tables live in {@link AwsErrorCodes}.
 */
public final class AwsErrors {

    private AwsErrors() {
    }

    public static AwsErrorKind classify(Throwable failure) {
        return inspect(failure).kind();
    }

    /** AWS's error code, e.g. {@code ClusterNotFoundException}; empty when AWS did not answer. */
    public static Optional<String> errorCode(Throwable failure) {
        return serviceException(failure).map(AwsErrors::codeOf);
    }

    /** The HTTP status of AWS's answer; empty when there was none (timeouts, connection errors). */
    public static OptionalInt httpStatus(Throwable failure) {
        return serviceException(failure).map(e -> OptionalInt.of(e.statusCode())).orElse(OptionalInt.empty());
    }

    /** AWS's own message, without the SDK's "(Service: ..., Request ID: ...)" suffix. */
    public static String awsMessage(Throwable failure) {
        return inspect(failure).message();
    }

    /** A one-line account for people, e.g. {@code ECS CreateService: InvalidParameterException: ...}. */
    public static String describe(Throwable failure) {
        return inspect(failure).describe();
    }

    /** The call's answer, or empty when AWS says the thing does not exist: while observing, that is an answer. */
    public static <T> Optional<T> unlessNotFound(java.util.function.Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (RuntimeException e) {
            if (classify(e) == AwsErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Runs a call, typically a delete, for which "it does not exist" means it is already done. */
    public static void ignoringNotFound(Runnable call) {
        unlessNotFound(() -> {
            call.run();
            return Boolean.TRUE;
        });
    }

    /** Whether an outcome the call log recorded (an error code) was AWS, or our own limiter, saying "slow down". */
    public static boolean isThrottling(AwsService service, String outcome) {
        return ClientThrottledException.class.getSimpleName().equals(outcome)
                || AwsErrorCodes.byCode(Optional.of(service), outcome).orElse(null) == AwsErrorKind.THROTTLED;
    }

    /** Whether a failure is our own limiter refusing a call (it never went out), not anything AWS answered. */
    public static boolean isClientThrottled(Throwable failure) {
        return find(failure, ClientThrottledException.class).isPresent();
    }

    public static AwsError inspect(Throwable failure) {
        Optional<AwsOperation> operation = AwsCallSite.of(failure);
        Optional<ClientThrottledException> ownThrottle = find(failure, ClientThrottledException.class);
        if (ownThrottle.isPresent()) {
            return new AwsError(AwsErrorKind.THROTTLED, operation.map(AwsOperation::service), operation,
                    ClientThrottledException.class.getSimpleName(),
                    OptionalInt.empty(), ownThrottle.get().getMessage());
        }
        Optional<AwsServiceException> service = serviceException(failure);
        if (service.isPresent()) {
            return inspectServiceError(service.get(), operation);
        }
        Throwable clientFailure = firstSdkOrSelf(failure);
        return new AwsError(classifyClientFailure(failure), operation.map(AwsOperation::service), operation,
                clientFailure.getClass().getSimpleName(),
                OptionalInt.empty(), String.valueOf(clientFailure.getMessage()));
    }

    private static AwsError inspectServiceError(AwsServiceException e, Optional<AwsOperation> operation) {
        String code = codeOf(e);
        String message = messageOf(e);
        Optional<AwsService> service = operation.map(AwsOperation::service)
                .or(() -> Optional.ofNullable(e.awsErrorDetails())
                        .flatMap(d -> AwsService.fromSdkServiceName(d.serviceName())));
        AwsErrorKind kind = service.flatMap(s -> AwsErrorCodes.byMessage(s, code, message))
                .or(() -> AwsErrorCodes.byCode(service, code))
                .or(() -> service.filter(s -> s == AwsService.EC2).flatMap(s -> AwsErrorCodes.byEc2Convention(code)))
                .orElseGet(() -> byStatus(e));
        return new AwsError(kind, service, operation, code, OptionalInt.of(e.statusCode()), message);
    }

    private static AwsErrorKind byStatus(SdkServiceException e) {
        if (e.isThrottlingException() || e.statusCode() == 429) {
            return AwsErrorKind.THROTTLED;
        }
        return e.statusCode() >= 500 ? AwsErrorKind.RETRYABLE : AwsErrorKind.TERMINAL;
    }

    /** Whether a call failed because its thread was interrupted (the controller is stopping). */
    public static boolean isAborted(Throwable failure) {
        return find(failure, AbortedException.class).isPresent();
    }

    private static AwsErrorKind classifyClientFailure(Throwable failure) {
        if (find(failure, AbortedException.class).isPresent()) {
            // The calling thread was interrupted: it is shutting down, not meant to try again.
            return AwsErrorKind.TERMINAL;
        }
        if (find(failure, ApiCallTimeoutException.class).isPresent()
                || find(failure, ApiCallAttemptTimeoutException.class).isPresent()
                || find(failure, IOException.class).isPresent()
                || find(failure, UncheckedIOException.class).isPresent()) {
            return AwsErrorKind.RETRYABLE;
        }
        // E.g. no credentials or region found, or a request the SDK refused to send.
        return AwsErrorKind.TERMINAL;
    }

    private static String codeOf(AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        return code == null || code.isBlank() ? "HTTP " + e.statusCode() : code;
    }

    private static String messageOf(AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        String message = details == null ? null : details.errorMessage();
        return message == null ? String.valueOf(e.getMessage()) : message;
    }

    private static Optional<AwsServiceException> serviceException(Throwable failure) {
        return find(failure, AwsServiceException.class);
    }

    private static Throwable firstSdkOrSelf(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof software.amazon.awssdk.core.exception.SdkException) {
                return t;
            }
        }
        return failure;
    }

    private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static Throwable next(Throwable t) {
        Throwable cause = t.getCause();
        return cause == t ? null : cause;
    }
}
