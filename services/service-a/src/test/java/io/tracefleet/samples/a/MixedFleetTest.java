package io.tracefleet.samples.a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.tracefleet.samples.b.RandomPause;
import io.tracefleet.samples.b.ServiceB;
import io.tracefleet.samples.b.ServiceBConfig;
import io.tracefleet.samples.b.Verdict;
import io.tracefleet.samples.tracing.OtlpReceiver;
import io.tracefleet.samples.tracing.OtlpReceiver.ReceivedSpan;
import io.tracefleet.samples.tracing.TracingTarget;
import io.tracefleet.samples.tracing.XRayDaemonStandIn;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A fleet half moved: one service on the X-Ray SDK (segments over UDP), the other on OpenTelemetry
 * (OTLP). The X-Amzn-Trace-Id between them keeps each request one trace, whichever side moved first.
 */
class MixedFleetTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void anXRaySdkCallerAndAnOpenTelemetryCalleeFormOneTrace() throws Exception {
        try (XRayDaemonStandIn daemon = new XRayDaemonStandIn();
             OtlpReceiver collector = new OtlpReceiver();
             ServiceB serviceB = ServiceB.start(serviceB(collector.target()));
             ServiceA serviceA = ServiceA.start(ServiceAConfig.of(0, serviceB.localUri(),
                     daemon.target()))) {

            assertThat(get(serviceA).statusCode()).isEqualTo(200);

            await().atMost(PATIENCE).until(() -> !daemon.datagrams().isEmpty() && !collector.spans().isEmpty());
            assertThat(daemon.failures()).isEmpty();
            assertThat(collector.failures()).isEmpty();
            JsonNode a = daemon.datagrams().get(0).document();
            ReceivedSpan b = collector.spans().get(0);
            assertThat(a.path("name").asText()).isEqualTo("service-a");
            assertThat(b.service()).isEqualTo("service-b");
            assertThat(b.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
            assertThat(OtlpReceiver.xrayTraceId(b.traceId())).isEqualTo(a.path("trace_id").asText());
            assertThat(b.parentSpanId()).isEqualTo(a.path("subsegments").get(0).path("id").asText());
        }
    }

    @Test
    void anXRaySdkCallerThatDeclinedSamplingGetsNoSpansFromAnOpenTelemetryCallee() throws Exception {
        String declinedRoot = "1-5759e988-bd862e3fe1be46a994272793";
        try (XRayDaemonStandIn daemon = new XRayDaemonStandIn();
             OtlpReceiver collector = new OtlpReceiver();
             ServiceB serviceB = ServiceB.start(serviceB(collector.target()));
             ServiceA serviceA = ServiceA.start(ServiceAConfig.of(0, serviceB.localUri(),
                     daemon.target()))) {

            // The X-Ray SDK passes a decline on as Root=…;Sampled=0, with no parent to point at.
            assertThat(client.send(HttpRequest.newBuilder(serviceA.localUri())
                            .header("X-Amzn-Trace-Id", "Root=" + declinedRoot + ";Sampled=0").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(get(serviceA).statusCode()).isEqualTo(200);

            // Spans leave in the order they end: the declined request's, had there been one, first.
            await().atMost(PATIENCE).until(() -> !daemon.datagrams().isEmpty() && !collector.spans().isEmpty());
            assertThat(collector.spans()).singleElement().satisfies(span ->
                    assertThat(OtlpReceiver.xrayTraceId(span.traceId()))
                            .isNotEqualTo(declinedRoot)
                            .isEqualTo(daemon.datagrams().get(0).traceId()));
        }
    }

    @Test
    void anOpenTelemetryCallerAndAnXRaySdkCalleeFormOneTrace() throws Exception {
        try (XRayDaemonStandIn daemon = new XRayDaemonStandIn();
             OtlpReceiver collector = new OtlpReceiver();
             ServiceB serviceB = ServiceB.start(serviceB(daemon.target()));
             ServiceA serviceA = ServiceA.start(ServiceAConfig.of(0, serviceB.localUri(),
                     collector.target()))) {

            assertThat(get(serviceA).statusCode()).isEqualTo(200);

            await().atMost(PATIENCE).until(() -> !daemon.datagrams().isEmpty() && collector.spans().size() >= 2);
            assertThat(daemon.failures()).isEmpty();
            assertThat(collector.failures()).isEmpty();
            ReceivedSpan call = collector.spans().stream()
                    .filter(span -> span.kind() == SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
            JsonNode b = daemon.datagrams().get(0).document();
            assertThat(b.path("name").asText()).isEqualTo("service-b");
            assertThat(b.path("trace_id").asText()).isEqualTo(OtlpReceiver.xrayTraceId(call.traceId()));
            assertThat(b.path("parent_id").asText()).isEqualTo(call.spanId());
        }
    }

    private static ServiceBConfig serviceB(TracingTarget tracing) {
        return new ServiceBConfig(0, tracing, new RandomPause(Duration.ofMillis(2)), Verdict.alwaysAllow(), 2);
    }

    private HttpResponse<String> get(ServiceA serviceA) throws Exception {
        return client.send(HttpRequest.newBuilder(serviceA.localUri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
