package io.tracefleet.aws;

import java.time.Duration;

/**
 * Our own client-side limiter refused a call because the wait for a token would exceed its bound.
 * {@link AwsErrors} classifies it as {@link AwsErrorKind#THROTTLED}, like AWS's own throttling.
 */
public final class ClientThrottledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClientThrottledException(ThrottleBucket bucket, Duration neededWait, Duration maxWait) {
        super("client-side rate limit for " + bucket + ": the next token is " + neededWait.toMillis()
                + " ms away, more than the " + maxWait.toMillis() + " ms a call may wait");
    }
}
