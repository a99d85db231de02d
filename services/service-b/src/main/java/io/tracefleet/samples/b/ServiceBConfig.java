package io.tracefleet.samples.b;

import io.tracefleet.samples.tracing.TracingTarget;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run service-b. {@link #fromEnvironment} gives the deployed defaults; tests build one
 * directly so they need no environment variables.
 *
 * @param port           TCP port to listen on; 0 picks a free one
 * @param tracing        where traces go: the X-Ray daemon or an OpenTelemetry collector
 * @param pause          each of the five waits of {@code POST /create}
 * @param verdict        whether a {@code POST /create} is answered 403
 * @param createWorkers  threads that may sit in {@code POST /create} at once; more requests queue
 */
public record ServiceBConfig(int port, TracingTarget tracing, Pause pause, Verdict verdict, int createWorkers) {

    public static final int DEFAULT_PORT = 8080;
    public static final Pause DEMO_PAUSE = new RandomPause(Duration.ofSeconds(1));
    // Sleeping threads cost memory, not CPU: enough for an ab -c 100 run to wait side by side.
    public static final int DEFAULT_CREATE_WORKERS = 128;

    public ServiceBConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(tracing, "tracing");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(verdict, "verdict");
        if (createWorkers < 1) {
            throw new IllegalArgumentException("createWorkers must be positive: " + createWorkers);
        }
    }

    /**
     * Reads {@code PORT} and where traces go ({@link TracingTarget#fromEnvironment}); the rest is the
     * demo's behaviour.
     */
    public static ServiceBConfig fromEnvironment(Map<String, String> env) {
        return new ServiceBConfig(
                portFrom(env),
                TracingTarget.fromEnvironment(env),
                DEMO_PAUSE,
                Verdict.coinFlip(),
                DEFAULT_CREATE_WORKERS);
    }

    private static int portFrom(Map<String, String> env) {
        String port = env.get("PORT");
        if (port == null || port.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT is not a number: " + port, e);
        }
    }
}
