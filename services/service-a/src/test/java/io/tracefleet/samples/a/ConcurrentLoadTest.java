package io.tracefleet.samples.a;

import static java.util.stream.Collectors.groupingBy;
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
import io.tracefleet.samples.tracing.XRayDaemonStandIn;
import io.tracefleet.samples.tracing.XRayDaemonStandIn.Datagram;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo's {@code ab -n 100 -c 10}, on loopback, with short but real waits in service-b, each tracing path. */
class ConcurrentLoadTest {

    private static final int REQUESTS = 100;
    private static final int CONCURRENCY = 10;
    // The largest payload a UDP datagram over IPv4 can carry; the daemon cannot get anything larger.
    private static final int UDP_PAYLOAD_LIMIT = 65_507;

    @Test
    void hundredRequestsTenAtATimeAreAllAnsweredAndAllFullyTraced() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService users = Executors.newFixedThreadPool(CONCURRENCY);
        try (XRayDaemonStandIn daemon = new XRayDaemonStandIn();
             ServiceB serviceB = ServiceB.start(new ServiceBConfig(
                     0, daemon.target(), new RandomPause(Duration.ofMillis(20)), Verdict.coinFlip(),
                     ServiceBConfig.DEFAULT_CREATE_WORKERS));
             ServiceA serviceA = ServiceA.start(
                     ServiceAConfig.of(0, serviceB.localUri(), daemon.target()))) {

            HttpRequest request = HttpRequest.newBuilder(serviceA.localUri()).GET().build();
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                statuses.add(users.submit(() -> client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            List<Integer> answered = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                answered.add(status.get(30, TimeUnit.SECONDS));
            }

            assertThat(answered).hasSize(REQUESTS).allMatch(status -> status == 200 || status == 403);
            await().atMost(Duration.ofSeconds(10)).until(() -> daemon.datagrams().size() >= 2 * REQUESTS);
            assertThat(daemon.failures()).isEmpty();
            List<Datagram> datagrams = daemon.datagrams();
            assertThat(datagrams).hasSize(2 * REQUESTS)
                    .allSatisfy(d -> assertThat(d.bytes()).isLessThanOrEqualTo(UDP_PAYLOAD_LIMIT));

            Map<String, List<Datagram>> traces = datagrams.stream().collect(groupingBy(Datagram::traceId));
            assertThat(traces).hasSize(REQUESTS);
            traces.values().forEach(ConcurrentLoadTest::assertCompleteTrace);

            long forbiddenAnswers = answered.stream().filter(status -> status == 403).count();
            long erroredFrontSegments = datagrams.stream()
                    .filter(d -> d.name().equals("service-a") && d.document().path("error").asBoolean())
                    .count();
            assertThat(erroredFrontSegments).isEqualTo(forbiddenAnswers);
            // A fair coin a hundred times: both outcomes, unless something is rigged.
            assertThat(forbiddenAnswers).isBetween(1L, REQUESTS - 1L);
        } finally {
            users.shutdownNow();
        }
    }

    @Test
    void onOpenTelemetryHundredRequestsTenAtATimeAreHundredCompleteTraces() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService users = Executors.newFixedThreadPool(CONCURRENCY);
        try (OtlpReceiver collector = new OtlpReceiver();
             ServiceB serviceB = ServiceB.start(new ServiceBConfig(
                     0, collector.target(), new RandomPause(Duration.ofMillis(20)), Verdict.coinFlip(),
                     ServiceBConfig.DEFAULT_CREATE_WORKERS));
             ServiceA serviceA = ServiceA.start(
                     ServiceAConfig.of(0, serviceB.localUri(), collector.target()))) {

            HttpRequest request = HttpRequest.newBuilder(serviceA.localUri()).GET().build();
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                statuses.add(users.submit(() -> client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get(30, TimeUnit.SECONDS)).isIn(200, 403);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> collector.spans().size() >= 3 * REQUESTS);
            assertThat(collector.failures()).isEmpty();
            Map<String, List<ReceivedSpan>> traces = collector.spans().stream()
                    .collect(groupingBy(ReceivedSpan::traceId));
            // Ten requests at once on shared worker threads: each call's span must be the child of its
            // own request's span, which only the context current on that thread says.
            assertThat(traces).hasSize(REQUESTS);
            traces.values().forEach(ConcurrentLoadTest::assertCompleteSpans);
        } finally {
            users.shutdownNow();
        }
    }

    private static void assertCompleteSpans(List<ReceivedSpan> trace) {
        assertThat(trace).extracting(span -> span.service() + " " + span.kind()).containsExactlyInAnyOrder(
                "service-a SPAN_KIND_SERVER", "service-a SPAN_KIND_CLIENT", "service-b SPAN_KIND_SERVER");
        ReceivedSpan front = kind(trace, "service-a", SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan call = kind(trace, "service-a", SpanKind.SPAN_KIND_CLIENT);
        ReceivedSpan back = kind(trace, "service-b", SpanKind.SPAN_KIND_SERVER);
        assertThat(front.parentSpanId()).isEmpty();
        assertThat(call.parentSpanId()).isEqualTo(front.spanId());
        assertThat(back.parentSpanId()).isEqualTo(call.spanId());
        long status = back.longAttribute("http.response.status_code");
        assertThat(call.longAttribute("http.response.status_code")).isEqualTo(status);
        assertThat(front.longAttribute("http.response.status_code")).isEqualTo(status);
    }

    private static ReceivedSpan kind(List<ReceivedSpan> trace, String service, SpanKind kind) {
        return trace.stream().filter(span -> span.service().equals(service) && span.kind() == kind)
                .findFirst().orElseThrow();
    }

    private static void assertCompleteTrace(List<Datagram> trace) {
        assertThat(trace).extracting(Datagram::name).containsExactlyInAnyOrder("service-a", "service-b");
        JsonNode a = trace.stream().filter(d -> d.name().equals("service-a")).findFirst().orElseThrow().document();
        JsonNode b = trace.stream().filter(d -> d.name().equals("service-b")).findFirst().orElseThrow().document();
        JsonNode call = a.path("subsegments").get(0);
        assertThat(b.path("parent_id").asText()).isEqualTo(call.path("id").asText());
        int status = b.at("/http/response/status").asInt();
        assertThat(call.at("/http/response/status").asInt()).isEqualTo(status);
        assertThat(a.at("/http/response/status").asInt()).isEqualTo(status);
        assertThat(b.path("error").asBoolean()).isEqualTo(status == 403);
    }
}
