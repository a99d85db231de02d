package io.tracefleet.samples.b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.tracefleet.samples.tracing.OtlpGrpcReceiver;
import io.tracefleet.samples.tracing.OtlpReceiver;
import io.tracefleet.samples.tracing.OtlpReceiver.ReceivedSpan;
import io.tracefleet.samples.tracing.TracingTarget;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** service-b on OpenTelemetry, as with the adot sidecar: what reaches the collector over OTLP. */
class CreateEndpointOtlpTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    // As an X-Ray SDK caller writes it: the same trace in X-Ray's format.
    private static final String CALLER_ROOT = "1-5759e988-bd862e3fe1be46a994272793";
    private static final String CALLER_PARENT = "53995c3f42cd8ad8";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicBoolean forbidding = new AtomicBoolean();
    private OtlpReceiver collector;
    private ServiceB service;

    @BeforeEach
    void start() throws Exception {
        collector = new OtlpReceiver();
        service = ServiceB.start(new ServiceBConfig(0, collector.target(), () -> Thread.sleep(1), forbidding::get, 4));
    }

    @AfterEach
    void stop() {
        service.close();
        collector.close();
    }

    @Test
    void eachCreationIsOneServerSpanInItsOwnXRayShapedTraceWithItsStatusCode() throws Exception {
        long before = Instant.now().getEpochSecond();
        assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/create", null).statusCode()).isEqualTo(200);
        forbidding.set(true);
        assertThat(send("POST", "/create", null).statusCode()).isEqualTo(403);
        long after = Instant.now().getEpochSecond();

        List<ReceivedSpan> spans = awaitSpans(2);
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.service()).isEqualTo("service-b");
            assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
            assertThat(span.name()).isEqualTo("POST /create");
            assertThat(span.stringAttribute("http.request.method")).isEqualTo("POST");
            assertThat(span.stringAttribute("url.path")).isEqualTo("/create");
            assertThat(span.parentSpanId()).as("no caller, so a new trace").isEmpty();
            assertThat(Long.parseLong(span.traceId().substring(0, 8), 16)).isBetween(before, after);
        });
        assertThat(spans).extracting(ReceivedSpan::traceId).doesNotHaveDuplicates();
        ReceivedSpan allowed = spans.stream().filter(s -> s.longAttribute("http.response.status_code") == 200)
                .findFirst().orElseThrow();
        ReceivedSpan forbidden = spans.stream().filter(s -> s.longAttribute("http.response.status_code") == 403)
                .findFirst().orElseThrow();
        // A server's 4xx is not its failure; X-Ray's exporter still marks it error from the code.
        assertThat(allowed.isError()).isFalse();
        assertThat(forbidden.isError()).isFalse();
    }

    @Test
    void anXRaySdkCallersHeaderIsContinuedAndItsSampledZeroHonoured() throws Exception {
        send("POST", "/create", "Root=1-5759e988-00000000000000000000dec1;Parent=" + CALLER_PARENT + ";Sampled=0");
        // How the X-Ray SDK declines: no parent at all.
        send("POST", "/create", "Root=1-5759e988-00000000000000000000dec2;Sampled=0");
        send("POST", "/create", "Root=" + CALLER_ROOT + ";Parent=" + CALLER_PARENT + ";Sampled=1");

        // Spans leave in the order they end, so a span of a declined request would come first.
        ReceivedSpan span = awaitSpans(1).get(0);
        assertThat(collector.spans()).hasSize(1);
        assertThat(span.traceId()).isEqualTo(OtlpReceiver.otlpTraceId(CALLER_ROOT))
                .isEqualTo("5759e988bd862e3fe1be46a994272793");
        assertThat(span.parentSpanId()).isEqualTo(CALLER_PARENT);
    }

    @Test
    void aLoadBalancersRootIsKeptAsTheTraceThisServiceStarts() throws Exception {
        send("POST", "/create", "Self=1-67891234-12456789abcdef012345678;Root=" + CALLER_ROOT);

        ReceivedSpan span = awaitSpans(1).get(0);
        assertThat(span.traceId()).isEqualTo(OtlpReceiver.otlpTraceId(CALLER_ROOT));
        assertThat(span.parentSpanId()).as("the balancer sends no segment, so nothing to point at").isEmpty();
    }

    @Test
    void withoutAProtocolSpansGoOverGrpcToTheEndpointTheControllerGives() throws Exception {
        try (OtlpGrpcReceiver grpcCollector = new OtlpGrpcReceiver();
             ServiceB grpcService = ServiceB.start(new ServiceBConfig(0,
                     TracingTarget.fromEnvironment(Map.of(
                             "AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000",
                             "OTEL_EXPORTER_OTLP_ENDPOINT", grpcCollector.endpoint().toString(),
                             "OTEL_BSP_SCHEDULE_DELAY", String.valueOf(OtlpReceiver.exportDelay().toMillis()))),
                     () -> { }, forbidding::get, 1))) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(grpcService.localUri().resolve("/create"))
                    .header("X-Amzn-Trace-Id", "Root=" + CALLER_ROOT + ";Parent=" + CALLER_PARENT + ";Sampled=1")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);

            await().atMost(PATIENCE).until(() -> !grpcCollector.spans().isEmpty());
            assertThat(grpcCollector.failures()).isEmpty();
            assertThat(grpcCollector.spans()).singleElement().satisfies(span -> {
                assertThat(span.service()).isEqualTo("service-b");
                assertThat(span.name()).isEqualTo("POST /create");
                assertThat(span.traceId()).isEqualTo(OtlpReceiver.otlpTraceId(CALLER_ROOT));
                assertThat(span.parentSpanId()).isEqualTo(CALLER_PARENT);
            });
        }
    }

    private List<ReceivedSpan> awaitSpans(int count) {
        await().atMost(PATIENCE).until(() -> collector.spans().size() >= count);
        assertThat(collector.failures()).isEmpty();
        return collector.spans();
    }

    private HttpResponse<String> send(String method, String path, String traceHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.localUri().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (traceHeader != null) {
            request.header("X-Amzn-Trace-Id", traceHeader);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
