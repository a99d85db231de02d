package io.tracefleet.aws;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything {@link AwsErrors} makes of one failed call.
 *
 * @param kind what to do about it
 * @param service the service that answered, when known
 * @param operation the call that failed, when the client was built by {@link AwsClients}
 * @param errorCode AWS's error code, or for client-side failures the exception's simple class name
 * @param httpStatus the HTTP status AWS answered with, absent when no response came
 * @param message AWS's own message (without the SDK's request-id suffix), or the client error's
 */
public record AwsError(AwsErrorKind kind, Optional<AwsService> service, Optional<AwsOperation> operation, String errorCode,
        OptionalInt httpStatus, String message) {

    /** E.g. {@code ECS CreateService: InvalidParameterException: Creation of service was not idempotent.} */
    public String describe() {
        String where = operation.map(o -> o.service().displayName() + " " + o.name())
                .or(() -> service.map(AwsService::displayName))
                .orElse("AWS");
        return where + ": " + errorCode + ": " + message;
    }
}
