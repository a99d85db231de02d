package io.tracefleet.samples.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environments the controller gives a service container, one per tracing sidecar. */
class TracingTargetTest {

    @Test
    void theXRayDaemonSidecarsEnvironmentMeansXRaySegmentsOverUdp() {
        assertThat(TracingTarget.fromEnvironment(Map.of("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000")))
                .isEqualTo(TracingTarget.xrayDaemon("127.0.0.1:2000"));
        assertThat(TracingTarget.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", " ")))
                .isEqualTo(TracingTarget.xrayDaemon(TracingTarget.DEFAULT_DAEMON_ADDRESS));
    }

    @Test
    void theAdotSidecarsEnvironmentMeansOtlpOverGrpcToTheCollector() {
        TracingTarget target = TracingTarget.fromEnvironment(Map.of(
                "AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317"));

        assertThat(target).isEqualTo(TracingTarget.otlp(URI.create("http://127.0.0.1:4317"),
                TracingTarget.OtlpProtocol.GRPC, TracingTarget.DEFAULT_EXPORT_DELAY));
        assertThat(((TracingTarget.Otlp) target).tracesUri()).isEqualTo(URI.create("http://127.0.0.1:4317"));
    }

    @Test
    void overHttpSpansArePostedToTheEndpointsV1Traces() {
        TracingTarget.Otlp target = (TracingTarget.Otlp) TracingTarget.fromEnvironment(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_BSP_SCHEDULE_DELAY", "250"));

        assertThat(target.tracesUri()).isEqualTo(URI.create("http://collector:4318/v1/traces"));
        assertThat(target.exportDelay()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void badValuesAreRejectedNamingTheVariable() {
        assertThatIllegalArgumentException().isThrownBy(() -> TracingTarget.fromEnvironment(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317",
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")))
                .withMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL").withMessageContaining("http/json");
        assertThatIllegalArgumentException().isThrownBy(() -> TracingTarget.fromEnvironment(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "127.0.0.1:4317")))
                .withMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT");
        assertThatIllegalArgumentException().isThrownBy(() -> TracingTarget.fromEnvironment(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317",
                        "OTEL_BSP_SCHEDULE_DELAY", "soon")))
                .withMessageContaining("OTEL_BSP_SCHEDULE_DELAY");
    }
}
