package io.tracefleet.samples.a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.tracefleet.samples.b.RandomPause;
import io.tracefleet.samples.b.ServiceB;
import io.tracefleet.samples.b.ServiceBConfig;
import io.tracefleet.samples.tracing.OtlpReceiver;
import io.tracefleet.samples.tracing.OtlpReceiver.ReceivedSpan;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** service-a in front of a real service-b, both on OpenTelemetry, exporting to an OTLP stand-in. */
class OtlpTracedPairTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final String CALLER_ROOT = "1-5759e988-bd862e3fe1be46a994272793";
    private static final String CALLER_PARENT = "53995c3f42cd8ad8";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicBoolean serviceBForbids = new AtomicBoolean();
    private OtlpReceiver collector;
    private ServiceB serviceB;
    private ServiceA serviceA;

    @BeforeEach
    void start() throws Exception {
        collector = new OtlpReceiver();
        serviceB = ServiceB.start(new ServiceBConfig(
                0, collector.target(), new RandomPause(Duration.ofMillis(2)), serviceBForbids::get, 8));
        serviceA = ServiceA.start(ServiceAConfig.of(0, serviceB.localUri(), collector.target()));
    }

    @AfterEach
    void stop() {
        serviceA.close();
        serviceB.close();
        collector.close();
    }

    @Test
    void aRequestIsOneTraceAcrossBothServicesLinkedThroughTheCall() throws Exception {
        long before = Instant.now().getEpochSecond();
        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> response = get("/");
        long after = Instant.now().getEpochSecond();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\": 200");
        Trace trace = awaitTrace();

        assertThat(trace.front().parentSpanId()).as("service-a starts the trace").isEmpty();
        assertThat(trace.call().parentSpanId()).isEqualTo(trace.front().spanId());
        assertThat(trace.back().parentSpanId()).isEqualTo(trace.call().spanId());
        assertThat(Long.parseLong(trace.front().traceId().substring(0, 8), 16))
                .as("X-Ray reads the trace's start from its first 8 digits").isBetween(before, after);

        assertThat(trace.front().name()).isEqualTo("GET /");
        assertThat(trace.front().stringAttribute("http.request.method")).isEqualTo("GET");
        assertThat(trace.front().stringAttribute("url.path")).isEqualTo("/");
        assertThat(trace.front().longAttribute("http.response.status_code")).isEqualTo(200);
        assertThat(trace.call().name()).isEqualTo("POST");
        assertThat(trace.call().stringAttribute("url.full")).isEqualTo(serviceB.localUri() + "/create");
        assertThat(trace.call().stringAttribute("server.address")).isEqualTo("127.0.0.1");
        assertThat(trace.call().longAttribute("http.response.status_code")).isEqualTo(200);
        assertThat(trace.back().name()).isEqualTo("POST /create");
        assertThat(trace.back().longAttribute("http.response.status_code")).isEqualTo(200);
        assertThat(collector.spans()).noneMatch(ReceivedSpan::isError)
                .noneMatch(span -> "/health".equals(span.stringAttribute("url.path")));
    }

    @Test
    void aForbiddenCreationIsRelayedAndIsAnErrorOnlyOnTheCall() throws Exception {
        serviceBForbids.set(true);

        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(403);
        Trace trace = awaitTrace();
        // Every span carries the 403, from which X-Ray's exporter marks each segment error; the error
        // status is the client's only, as the HTTP conventions have it.
        assertThat(List.of(trace.front(), trace.call(), trace.back())).allSatisfy(span -> {
            assertThat(span.longAttribute("http.response.status_code")).isEqualTo(403);
            assertThat(span.exceptions()).as("a refusal is an answer, not an exception").isEmpty();
        });
        assertThat(trace.call().isError()).isTrue();
        assertThat(trace.call().span().getStatus().getMessage()).isEqualTo("HTTP 403");
        assertThat(trace.front().isError()).isFalse();
        assertThat(trace.back().isError()).isFalse();
    }

    @Test
    void anUnreachableServiceBIsA502WithTheExceptionOnTheCall() throws Exception {
        serviceB.close();

        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(502);
        await().atMost(PATIENCE).until(() -> collector.spansOf("service-a").size() >= 2);
        ReceivedSpan front = only(SpanKind.SPAN_KIND_SERVER, "service-a");
        ReceivedSpan call = only(SpanKind.SPAN_KIND_CLIENT, "service-a");
        assertThat(call.isError()).isTrue();
        assertThat(call.exceptions()).singleElement().satisfies(attributes -> assertThat(attributes)
                .filteredOn(attribute -> attribute.getKey().equals("exception.type"))
                .extracting(attribute -> attribute.getValue().getStringValue())
                .containsExactly("java.net.ConnectException"));
        assertThat(call.attribute("http.response.status_code")).isEmpty();
        assertThat(front.isError()).isTrue();
        assertThat(front.longAttribute("http.response.status_code")).isEqualTo(502);
        assertThat(front.span().getStatus().getMessage()).isEqualTo("HTTP 502");
        assertThat(collector.spansOf("service-b")).isEmpty();
    }

    @Test
    void anIncomingXRayHeaderIsContinuedAcrossBothServices() throws Exception {
        HttpResponse<String> response = get("/", "Root=" + CALLER_ROOT + ";Parent=" + CALLER_PARENT + ";Sampled=1");

        assertThat(response.statusCode()).isEqualTo(200);
        Trace trace = awaitTrace();
        assertThat(OtlpReceiver.xrayTraceId(trace.front().traceId())).isEqualTo(CALLER_ROOT);
        assertThat(trace.front().parentSpanId()).isEqualTo(CALLER_PARENT);
        assertThat(trace.back().parentSpanId()).isEqualTo(trace.call().spanId());
    }

    @Test
    void aCallerThatDeclinedSamplingGetsNoSpansFromEitherService() throws Exception {
        HttpResponse<String> declined = get("/", "Root=" + CALLER_ROOT + ";Parent=" + CALLER_PARENT + ";Sampled=0");
        HttpResponse<String> sampled = get("/");

        assertThat(declined.statusCode()).isIn(200, 403);
        assertThat(sampled.statusCode()).isIn(200, 403);
        // Spans leave in the order they end: the declined request's, had there been any, first.
        awaitTrace();
        assertThat(collector.spans()).hasSize(3)
                .extracting(ReceivedSpan::traceId).doesNotContain(OtlpReceiver.otlpTraceId(CALLER_ROOT));
    }

    /** The three spans of one request: service-a's server span, its call, and service-b's server span. */
    private record Trace(ReceivedSpan front, ReceivedSpan call, ReceivedSpan back) {
    }

    private Trace awaitTrace() {
        await().atMost(PATIENCE).until(() -> collector.spans().size() >= 3);
        assertThat(collector.failures()).isEmpty();
        assertThat(collector.spans()).hasSize(3).extracting(ReceivedSpan::traceId).containsOnly(
                collector.spans().get(0).traceId());
        return new Trace(only(SpanKind.SPAN_KIND_SERVER, "service-a"), only(SpanKind.SPAN_KIND_CLIENT, "service-a"),
                only(SpanKind.SPAN_KIND_SERVER, "service-b"));
    }

    private ReceivedSpan only(SpanKind kind, String service) {
        List<ReceivedSpan> spans = collector.spansOf(service).stream().filter(span -> span.kind() == kind).toList();
        assertThat(spans).as(service + " " + kind).hasSize(1);
        return spans.get(0);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(serviceA.localUri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String traceHeader) throws Exception {
        return client.send(HttpRequest.newBuilder(serviceA.localUri().resolve(path))
                        .header("X-Amzn-Trace-Id", traceHeader).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
