package io.tracefleet.samples.a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracefleet.samples.b.RandomPause;
import io.tracefleet.samples.b.ServiceB;
import io.tracefleet.samples.b.ServiceBConfig;
import io.tracefleet.samples.tracing.XRayDaemonStandIn;
import io.tracefleet.samples.tracing.XRayDaemonStandIn.Datagram;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** service-a in front of a real service-b, both tracing to a UDP stand-in for the daemon. */
class TracedPairTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final String CALLER_ROOT = "1-5759e988-bd862e3fe1be46a994272793";
    private static final String CALLER_PARENT = "53995c3f42cd8ad8";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicBoolean serviceBForbids = new AtomicBoolean();
    private XRayDaemonStandIn daemon;
    private ServiceB serviceB;
    private ServiceA serviceA;

    @BeforeEach
    void start() throws Exception {
        daemon = new XRayDaemonStandIn();
        serviceB = ServiceB.start(new ServiceBConfig(
                0, daemon.target(), new RandomPause(Duration.ofMillis(2)), serviceBForbids::get, 8));
        serviceA = ServiceA.start(
                ServiceAConfig.of(0, serviceB.localUri(), daemon.target()));
    }

    @AfterEach
    void stop() {
        serviceA.close();
        serviceB.close();
        daemon.close();
    }

    @Test
    void aRequestYieldsOneSegmentPerServiceInOneTraceLinkedThroughTheCall() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\": 200");
        awaitDatagrams(2);
        JsonNode a = onlySegmentOf("service-a");
        JsonNode b = onlySegmentOf("service-b");

        assertThat(b.path("trace_id").asText()).isEqualTo(a.path("trace_id").asText()).startsWith("1-");
        assertThat(a.has("parent_id")).as("service-a starts the trace").isFalse();
        JsonNode call = a.path("subsegments").get(0);
        assertThat(call.path("namespace").asText()).isEqualTo("remote");
        assertThat(call.path("name").asText()).isEqualTo("127.0.0.1");
        assertThat(call.at("/http/request/method").asText()).isEqualTo("POST");
        assertThat(call.at("/http/request/url").asText()).isEqualTo(serviceB.localUri() + "/create");
        assertThat(call.at("/http/response/status").asInt()).isEqualTo(200);
        assertThat(b.path("parent_id").asText()).isEqualTo(call.path("id").asText());

        assertThat(a.at("/http/request/method").asText()).isEqualTo("GET");
        assertThat(a.at("/http/request/url").asText()).endsWith(":" + serviceA.port() + "/");
        assertThat(a.at("/http/response/status").asInt()).isEqualTo(200);
        assertThat(b.at("/http/request/method").asText()).isEqualTo("POST");
        assertThat(b.at("/http/response/status").asInt()).isEqualTo(200);
        assertThat(a.has("error") || b.has("error") || call.has("error")).isFalse();
        assertThat(daemon.datagrams()).extracting(Datagram::header).containsOnly(XRayDaemonStandIn.PROTOCOL_HEADER);
    }

    @Test
    void aForbiddenCreationIsRelayedAndMarksEverySegmentAsError() throws Exception {
        serviceBForbids.set(true);

        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"status\": 403");
        awaitDatagrams(2);
        JsonNode a = onlySegmentOf("service-a");
        JsonNode b = onlySegmentOf("service-b");
        JsonNode call = a.path("subsegments").get(0);
        assertThat(b.path("error").asBoolean()).isTrue();
        assertThat(call.path("error").asBoolean()).isTrue();
        assertThat(call.at("/http/response/status").asInt()).isEqualTo(403);
        assertThat(a.path("error").asBoolean()).isTrue();
        assertThat(a.at("/http/response/status").asInt()).isEqualTo(403);
        assertThat(a.has("fault") || b.has("fault")).as("a 4xx is not a fault").isFalse();
    }

    @Test
    void anIncomingTraceHeaderIsHonouredAcrossBothServices() throws Exception {
        HttpResponse<String> response = get("/", "Root=" + CALLER_ROOT + ";Parent=" + CALLER_PARENT + ";Sampled=1");

        assertThat(response.statusCode()).isEqualTo(200);
        awaitDatagrams(2);
        JsonNode a = onlySegmentOf("service-a");
        JsonNode b = onlySegmentOf("service-b");
        assertThat(a.path("trace_id").asText()).isEqualTo(CALLER_ROOT);
        assertThat(a.path("parent_id").asText()).isEqualTo(CALLER_PARENT);
        assertThat(b.path("trace_id").asText()).isEqualTo(CALLER_ROOT);
        assertThat(b.path("parent_id").asText()).isEqualTo(a.path("subsegments").get(0).path("id").asText());
    }

    @Test
    void aCallerThatDeclinedSamplingGetsNoSegmentsFromEitherService() throws Exception {
        HttpResponse<String> declined = get("/", "Root=" + CALLER_ROOT + ";Parent=" + CALLER_PARENT + ";Sampled=0");
        HttpResponse<String> sampled = get("/");

        assertThat(declined.statusCode()).isIn(200, 403);
        assertThat(sampled.statusCode()).isIn(200, 403);
        // The declined request's segments, had any been sent, would have been sent before these two.
        awaitDatagrams(2);
        assertThat(daemon.datagrams()).extracting(Datagram::traceId).doesNotContain(CALLER_ROOT).hasSize(2);
    }

    @Test
    void healthAnswersWithoutBeingTraced() throws Exception {
        HttpResponse<String> health = get("/health");
        get("/");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("Healthy");
        awaitDatagrams(2);
        assertThat(daemon.datagrams()).extracting(d -> d.document().at("/http/request/url").asText())
                .noneMatch(url -> url.endsWith("/health"))
                .hasSize(2);
    }

    @Test
    void anUnreachableServiceBIsA502AndAFaultOnTheCall() throws Exception {
        serviceB.close();

        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(502);
        awaitDatagrams(1);
        JsonNode a = onlySegmentOf("service-a");
        JsonNode call = a.path("subsegments").get(0);
        assertThat(call.path("fault").asBoolean()).isTrue();
        assertThat(call.at("/cause/exceptions/0/type").asText()).isNotEmpty();
        assertThat(a.path("fault").asBoolean()).isTrue();
        assertThat(a.at("/http/response/status").asInt()).isEqualTo(502);
    }

    @Test
    void unknownPathsAndMethodsAreRefusedUntraced() throws Exception {
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(
                HttpRequest.newBuilder(serviceA.localUri().resolve("/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        get("/");

        awaitDatagrams(2);
        assertThat(daemon.datagrams()).hasSize(2);
    }

    private void awaitDatagrams(int count) {
        await().atMost(PATIENCE).until(() -> daemon.datagrams().size() >= count);
        assertThat(daemon.failures()).isEmpty();
    }

    private JsonNode onlySegmentOf(String service) {
        assertThat(daemon.segmentsNamed(service)).hasSize(1);
        return daemon.segmentsNamed(service).get(0).document();
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
