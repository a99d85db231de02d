package io.tracefleet.samples.a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.tracefleet.samples.tracing.TracingTarget;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceAConfigTest {

    @Test
    void onEcsServiceBIsReachedByItsCnameOnPort80() {
        ServiceAConfig config = ServiceAConfig.fromEnvironment(Map.of("API_CNAME", "service-b.internal"));

        assertThat(config.serviceB()).isEqualTo(URI.create("http://service-b.internal"));
        assertThat(config.serviceB().resolve("/create").toString()).isEqualTo("http://service-b.internal/create");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.tracing()).isEqualTo(TracingTarget.xrayDaemon("127.0.0.1:2000"));
    }

    @Test
    void apiUrlWinsOverTheCnameForLocalRuns() {
        ServiceAConfig config = ServiceAConfig.fromEnvironment(Map.of(
                "API_CNAME", "service-b.internal",
                "API_URL", "http://127.0.0.1:9001",
                "PORT", "9000",
                "AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2999"));

        assertThat(config.serviceB().resolve("/create")).isEqualTo(URI.create("http://127.0.0.1:9001/create"));
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.tracing()).isEqualTo(TracingTarget.xrayDaemon("127.0.0.1:2999"));
    }

    @Test
    void withTheAdotSidecarsEnvironmentItTracesOverOtlpGrpcAndRejectsABadProtocolByName() {
        Map<String, String> adot = Map.of(
                "API_CNAME", "service-b.internal",
                "AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317");

        assertThat(ServiceAConfig.fromEnvironment(adot).tracing()).isEqualTo(TracingTarget.otlp(
                URI.create("http://127.0.0.1:4317"), TracingTarget.OtlpProtocol.GRPC,
                TracingTarget.DEFAULT_EXPORT_DELAY));
        Map<String, String> badProtocol = new HashMap<>(adot);
        badProtocol.put("OTEL_EXPORTER_OTLP_PROTOCOL", "udp");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServiceAConfig.fromEnvironment(badProtocol))
                .withMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL");
    }

    @Test
    void withoutAnyServiceBAddressItRefusesToStartAndSaysWhatToSet() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServiceAConfig.fromEnvironment(Map.of("PORT", "8080")))
                .withMessageContaining("API_CNAME")
                .withMessageContaining("API_URL");
    }
}
