package io.tracefleet.samples.a;

import io.tracefleet.samples.tracing.TracingTarget;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to run service-a. {@link #fromEnvironment} reads the deployed settings; tests build one
 * directly so they need no environment variables.
 *
 * @param port          TCP port to listen on; 0 picks a free one
 * @param serviceB      base URL of service-b; its {@code /create} is called
 * @param tracing       where traces go: the X-Ray daemon or an OpenTelemetry collector
 * @param callTimeout   how long to wait for service-b's answer
 * @param callWorkers   threads that may wait on service-b at once; more requests queue
 */
public record ServiceAConfig(int port, URI serviceB, TracingTarget tracing, Duration callTimeout, int callWorkers) {

    public static final int DEFAULT_PORT = 8080;
    // service-b takes up to 5 x 1 s; the margin covers a queue behind a busy service-b.
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_CALL_WORKERS = 128;

    public ServiceAConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(serviceB, "serviceB");
        Objects.requireNonNull(tracing, "tracing");
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (callWorkers < 1) {
            throw new IllegalArgumentException("callWorkers must be positive: " + callWorkers);
        }
    }

    /** A config for tests and local runs: everything but the addresses at its default. */
    public static ServiceAConfig of(int port, URI serviceB, TracingTarget tracing) {
        return new ServiceAConfig(port, serviceB, tracing, DEFAULT_CALL_TIMEOUT, DEFAULT_CALL_WORKERS);
    }

    /**
     * Reads {@code PORT}, where traces go ({@link TracingTarget#fromEnvironment}) and where service-b
     * is: {@code API_URL} (a full base URL, for local runs) or else {@code API_CNAME} (a host name,
     * port 80 unless it says {@code host:port}), as the ECS task definition sets it.
     */
    public static ServiceAConfig fromEnvironment(Map<String, String> env) {
        return of(portFrom(env), serviceBFrom(env), TracingTarget.fromEnvironment(env));
    }

    private static URI serviceBFrom(Map<String, String> env) {
        String url = env.get("API_URL");
        if (url != null && !url.isBlank()) {
            return URI.create(url.trim());
        }
        String cname = env.get("API_CNAME");
        if (cname != null && !cname.isBlank()) {
            return URI.create("http://" + cname.trim());
        }
        throw new IllegalArgumentException("set API_CNAME (service-b's host name) or API_URL (its base URL)");
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
