package io.tracefleet.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * How {@link AwsClients} builds its clients.
 *
 * @param region the Region to work in; empty means the SDK's default region chain
 * @param endpointOverride one endpoint for every service (a local emulator); empty means real AWS
 * @param credentials explicit credentials; empty means test/test with an endpoint override and the
 *     SDK's default credential chain without one
 * @param timeouts bounds on connecting, reading and whole calls
 * @param retry the SDK's standard retry mode, tuned
 * @param interceptors added to every client, in this order
 */
public record AwsClientSettings(Optional<Region> region, Optional<URI> endpointOverride,
        Optional<AwsCredentialsProvider> credentials, Timeouts timeouts, RetrySettings retry,
        List<ExecutionInterceptor> interceptors) {

    /**
     * Every call is bounded: a dead endpoint fails the attempt after {@code apiCallAttempt} and
     * the call, retries included, after {@code apiCall}.
     *
     * @param connect TCP connect, and waiting for a pooled connection
     * @param read waiting for bytes on an open connection
     */
    public record Timeouts(Duration connect, Duration read, Duration apiCallAttempt, Duration apiCall) {
        public Timeouts {
            for (Duration d : List.of(connect, read, apiCallAttempt, apiCall)) {
                if (d.isZero() || d.isNegative()) {
                    throw new IllegalArgumentException("timeouts must be positive: " + d);
                }
            }
            if (apiCallAttempt.compareTo(apiCall) > 0) {
                throw new IllegalArgumentException("an attempt (" + apiCallAttempt + ") cannot outlast its call ("
                        + apiCall + ")");
            }
        }

        public static Timeouts defaults() {
            return new Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(20), Duration.ofSeconds(30),
                    Duration.ofSeconds(90));
        }
    }

    /**
     * @param maxAttempts attempts per call, the first one included
     * @param baseDelay the backoff before the first retry (full jitter, doubling each time)
     * @param maxBackoff the longest backoff between two attempts
     */
    public record RetrySettings(int maxAttempts, Duration baseDelay, Duration maxBackoff) {
        public RetrySettings {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            }
            if (baseDelay.isNegative() || maxBackoff.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("backoff must satisfy 0 <= base <= max: " + baseDelay + ", "
                        + maxBackoff);
            }
        }

        /** The standard retry mode's own base delay and cap, with one more attempt than its three. */
        public static RetrySettings defaults() {
            return new RetrySettings(4, Duration.ofMillis(100), Duration.ofSeconds(20));
        }
    }

    public AwsClientSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpointOverride, "endpointOverride");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(retry, "retry");
        interceptors = List.copyOf(interceptors);
    }

    /** Real AWS in {@code region}, with the SDK's default credential chain. */
    public static AwsClientSettings realAws(Region region) {
        return new AwsClientSettings(Optional.of(region), Optional.empty(), Optional.empty(), Timeouts.defaults(),
                RetrySettings.defaults(), List.of());
    }

    /** Every service at {@code endpoint} (an emulator), signing for {@code region} as test/test. */
    public static AwsClientSettings endpoint(URI endpoint, Region region) {
        return new AwsClientSettings(Optional.of(region), Optional.of(endpoint), Optional.empty(), Timeouts.defaults(),
                RetrySettings.defaults(), List.of());
    }

    public AwsClientSettings withTimeouts(Timeouts newTimeouts) {
        return new AwsClientSettings(region, endpointOverride, credentials, newTimeouts, retry, interceptors);
    }

    public AwsClientSettings withRetry(RetrySettings newRetry) {
        return new AwsClientSettings(region, endpointOverride, credentials, timeouts, newRetry, interceptors);
    }

    public AwsClientSettings withInterceptors(ExecutionInterceptor... newInterceptors) {
        return new AwsClientSettings(region, endpointOverride, credentials, timeouts, retry, List.of(newInterceptors));
    }
}
