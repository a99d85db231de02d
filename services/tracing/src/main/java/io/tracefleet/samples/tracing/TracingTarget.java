package io.tracefleet.samples.tracing;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where traces go, chosen from the environment the controller gives the container for its tracing
 * sidecar: {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the {@code adot} collector) means OpenTelemetry over
 * OTLP; otherwise X-Ray SDK segments over UDP to {@code AWS_XRAY_DAEMON_ADDRESS} (the
 * {@code xray-daemon} sidecar, which understands nothing else).
 */
public sealed interface TracingTarget {

    String DEFAULT_DAEMON_ADDRESS = "127.0.0.1:2000";
    /** The OpenTelemetry specification's default batch delay ({@code OTEL_BSP_SCHEDULE_DELAY}). */
    Duration DEFAULT_EXPORT_DELAY = Duration.ofMillis(5_000);

    /** @param address host:port of the X-Ray daemon (UDP) */
    record XRayDaemon(String address) implements TracingTarget {
        public XRayDaemon {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * @param endpoint    the collector's base URL ({@code OTEL_EXPORTER_OTLP_ENDPOINT})
     * @param protocol    gRPC or HTTP with protobuf bodies
     * @param exportDelay how long finished spans wait to be sent in one batch
     */
    record Otlp(URI endpoint, OtlpProtocol protocol, Duration exportDelay) implements TracingTarget {
        public Otlp {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(exportDelay, "exportDelay");
            if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
                throw new IllegalArgumentException(
                        "OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL: " + endpoint);
            }
        }

        /** Where spans are posted: the endpoint itself for gRPC, its {@code /v1/traces} for HTTP. */
        public URI tracesUri() {
            if (protocol == OtlpProtocol.GRPC) {
                return endpoint;
            }
            String base = endpoint.toString();
            return URI.create((base.endsWith("/") ? base : base + "/") + "v1/traces");
        }
    }

    /** The values of {@code OTEL_EXPORTER_OTLP_PROTOCOL} the services speak. */
    enum OtlpProtocol {
        GRPC("grpc"), HTTP_PROTOBUF("http/protobuf");

        private final String name;

        OtlpProtocol(String name) {
            this.name = name;
        }

        static OtlpProtocol named(String name) {
            for (OtlpProtocol protocol : values()) {
                if (protocol.name.equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return protocol;
                }
            }
            throw new IllegalArgumentException(
                    "OTEL_EXPORTER_OTLP_PROTOCOL must be grpc or http/protobuf, not: " + name);
        }
    }

    static TracingTarget xrayDaemon(String address) {
        return new XRayDaemon(address);
    }

    static TracingTarget otlp(URI endpoint, OtlpProtocol protocol, Duration exportDelay) {
        return new Otlp(endpoint, protocol, exportDelay);
    }

    /**
     * Reads {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_PROTOCOL},
     * {@code OTEL_BSP_SCHEDULE_DELAY} (milliseconds) and {@code AWS_XRAY_DAEMON_ADDRESS}.
     *
     * <p>The protocol defaults to gRPC, not to the specification's http/protobuf: the controller
     * points the endpoint at the collector's gRPC port, 4317, and sets no protocol.
     */
    static TracingTarget fromEnvironment(Map<String, String> env) {
        String endpoint = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            return new XRayDaemon(env.getOrDefault("AWS_XRAY_DAEMON_ADDRESS", DEFAULT_DAEMON_ADDRESS));
        }
        String protocol = env.get("OTEL_EXPORTER_OTLP_PROTOCOL");
        return new Otlp(uri(endpoint),
                protocol == null || protocol.isBlank() ? OtlpProtocol.GRPC : OtlpProtocol.named(protocol),
                exportDelay(env.get("OTEL_BSP_SCHEDULE_DELAY")));
    }

    private static URI uri(String endpoint) {
        try {
            return new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("OTEL_EXPORTER_OTLP_ENDPOINT is not a URL: " + endpoint, e);
        }
    }

    private static Duration exportDelay(String millis) {
        if (millis == null || millis.isBlank()) {
            return DEFAULT_EXPORT_DELAY;
        }
        try {
            long value = Long.parseLong(millis.trim());
            if (value < 0) {
                throw new IllegalArgumentException("OTEL_BSP_SCHEDULE_DELAY must not be negative: " + millis);
            }
            return Duration.ofMillis(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("OTEL_BSP_SCHEDULE_DELAY is not a number of milliseconds: " + millis, e);
        }
    }
}
