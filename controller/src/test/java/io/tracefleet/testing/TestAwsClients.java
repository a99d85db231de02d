package io.tracefleet.testing;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Duration;

/**
 * The controller's own {@link AwsClients}, pointed at an endpoint (moto or the proxy) with the static credentials
 * test/test: tests build clients exactly as the controller does.
 */
public final class TestAwsClients {
    private TestAwsClients() {
    }

    /** Clients with the controller's default retries and timeouts. */
    public static AwsClients of(URI endpoint, Region region) {
        return AwsClients.create(AwsClientSettings.endpoint(endpoint, region));
    }

    /**
     * The SDK's standard AWS retry rules (which errors retry, throttling included) with no backoff, so a test sees
     * every retry in the proxy's counts without waiting for them.
     */
    public static AwsClients immediateRetries(URI endpoint, Region region, int maxAttempts) {
        return AwsClients.create(withImmediateRetries(AwsClientSettings.endpoint(endpoint, region), maxAttempts));
    }

    public static AwsClientSettings withImmediateRetries(AwsClientSettings settings, int maxAttempts) {
        return settings.withRetry(new AwsClientSettings.RetrySettings(maxAttempts, Duration.ZERO, Duration.ZERO));
    }
}
