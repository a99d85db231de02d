package io.tracefleet.samples.b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracefleet.samples.tracing.XRayDaemonStandIn;
import io.tracefleet.samples.tracing.XRayDaemonStandIn.Datagram;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CreateEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicBoolean forbidding = new AtomicBoolean();
    private final AtomicInteger pauses = new AtomicInteger();
    private XRayDaemonStandIn daemon;
    private ServiceB service;

    @BeforeEach
    void start() throws Exception {
        daemon = new XRayDaemonStandIn();
        Pause countedShortSleep = () -> {
            pauses.incrementAndGet();
            Thread.sleep(1);
        };
        service = ServiceB.start(new ServiceBConfig(0, daemon.target(), countedShortSleep, forbidding::get, 4));
    }

    @AfterEach
    void stop() {
        service.close();
        daemon.close();
    }

    @Test
    void allowedCreationAnswers200WithTheDemoBodyAfterFivePauses() throws Exception {
        long before = System.currentTimeMillis();
        HttpResponse<String> response = post("/create");
        long after = System.currentTimeMillis();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("request").asInt()).isBetween(1, 10_000);
        assertThat(body.path("status").asInt()).isEqualTo(200);
        assertThat(body.path("time").asLong()).isBetween(before, after);
        assertThat(pauses).hasValue(CreateEndpoint.PAUSES_PER_REQUEST);
    }

    @Test
    void forbiddenCreationAnswers403WithTheSameBodyShape() throws Exception {
        forbidding.set(true);

        HttpResponse<String> response = post("/create");

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(403);
        assertThat(body.has("request")).isTrue();
        assertThat(body.has("time")).isTrue();
    }

    @Test
    void eachCreationSendsOneSegmentAndA403IsMarkedAsError() throws Exception {
        post("/create");
        forbidding.set(true);
        post("/create");

        await().atMost(PATIENCE).until(() -> daemon.datagrams().size() == 2);
        assertThat(daemon.failures()).isEmpty();
        Datagram allowed = daemon.datagrams().get(0);
        Datagram forbidden = daemon.datagrams().get(1);
        assertThat(allowed.header()).isEqualTo(XRayDaemonStandIn.PROTOCOL_HEADER);
        assertThat(allowed.name()).isEqualTo("service-b");
        assertThat(allowed.document().at("/http/request/method").asText()).isEqualTo("POST");
        assertThat(allowed.document().at("/http/request/url").asText()).endsWith("/create");
        assertThat(allowed.document().at("/http/response/status").asInt()).isEqualTo(200);
        assertThat(allowed.document().has("error")).isFalse();
        assertThat(forbidden.document().at("/http/response/status").asInt()).isEqualTo(403);
        assertThat(forbidden.document().path("error").asBoolean()).isTrue();
        assertThat(forbidden.document().has("fault")).isFalse();
    }

    @Test
    void anIncomingTraceHeaderIsContinued() throws Exception {
        String root = "1-5759e988-bd862e3fe1be46a994272793";
        HttpRequest request = HttpRequest.newBuilder(service.localUri().resolve("/create"))
                .header("X-Amzn-Trace-Id", "Root=" + root + ";Parent=53995c3f42cd8ad8;Sampled=1")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        client.send(request, HttpResponse.BodyHandlers.ofString());

        await().atMost(PATIENCE).until(() -> daemon.datagrams().size() == 1);
        JsonNode segment = daemon.datagrams().get(0).document();
        assertThat(segment.path("trace_id").asText()).isEqualTo(root);
        assertThat(segment.path("parent_id").asText()).isEqualTo("53995c3f42cd8ad8");
    }

    @Test
    void healthAnswersWithoutBeingTraced() throws Exception {
        HttpResponse<String> health = get("/health");
        post("/create");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("Healthy");
        // Both go through the same emitter socket, so the health segment, had there been one, would
        // have arrived before the creation's.
        await().atMost(PATIENCE).until(() -> !daemon.datagrams().isEmpty());
        assertThat(daemon.datagrams()).extracting(d -> d.document().at("/http/request/url").asText())
                .singleElement().asString().endsWith("/create");
    }

    @Test
    void wrongMethodsAndUnknownPathsAreRefused() throws Exception {
        assertThat(get("/create").statusCode()).isEqualTo(405);
        assertThat(post("/health").statusCode()).isEqualTo(405);
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
        assertThat(pauses).hasValue(0);
    }

    private HttpResponse<String> post(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return service.localUri().resolve(path);
    }
}
