package io.tracefleet.reliability;

import io.dropwizard.testing.ConfigOverride;
import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.e2e.RunningController;
import io.tracefleet.local.LocalAws;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.Fault;
import io.tracefleet.testing.FaultRule;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API and admin port under hostile requests and a dead AWS: every malformed request gets a 4xx (never a
 * 5xx or a stack trace) and the server keeps serving; {@code /status} and the health checks answer within a short
 * bound while STS holds every call unanswered.
 */
@ExtendWith(MotoExtension.class)
class ApiRobustnessE2E {
    private static final String TOKEN = "robustness-token";
    /** Far below the SDK's own timeouts (20 s read, 90 s a call): an answer within it did not wait for AWS. */
    private static final Duration BOUND = Duration.ofSeconds(8);
    private static final List<String> READ_PATHS = List.of("/status", "/status/xray-fargate", "/drift",
            "/plan/xray-fargate", "/specs", "/events");
    private static final List<String> WRITE_PATHS = List.of("/reconcile", "/reconcile/xray-fargate",
            "/apps/xray-fargate/pause", "/apps/xray-fargate/resume");

    @TempDir
    Path specs;
    private AwsProxy proxy;
    private RunningController controller;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start(LocalAws localAws) throws IOException {
        Files.copy(Path.of("..", "specs", "xray-demo.yaml"), specs.resolve("xray-demo.yaml"));
        proxy = AwsProxy.start(localAws.endpoint());
        controller = new RunningController(proxy.endpoint(), specs, ConfigOverride.config("apiToken", TOKEN));
    }

    @AfterEach
    void stop() {
        controller.close();
        proxy.close();
    }

    @Test
    void malformedRequestsToEveryEndpointGet4xxAndTheServerKeepsServing() throws Exception {
        List<Raw> requests = new ArrayList<>();
        String huge = "x".repeat(2 * 1024 * 1024);
        for (String path : concat(READ_PATHS, WRITE_PATHS)) {
            requests.add(new Raw("GET", path + "/../../../../etc/passwd", null, null));
            requests.add(new Raw("DELETE", path, null, TOKEN));
            requests.add(new Raw("PUT", path, "{\"a\":", TOKEN));
            requests.add(new Raw("POST", path, huge, "wrong-token"));
            requests.add(new Raw("POST", path, "{\"unterminated", "Bearer-ish " + TOKEN));
            requests.add(new Raw("GET", path + "?since=yesterday&since=%ZZ", null, null));
            requests.add(new Raw("GET", path + "/%00%0d%0aSet-Cookie:x=1", null, null));
            requests.add(new Raw("GET", path + "/" + "a".repeat(6000), null, null));
        }
        requests.add(new Raw("GET", "/events?since=not-a-time", null, null));
        requests.add(new Raw("GET", "/status/%E2%80%AE%F0%9F%92%A5", null, null));
        requests.add(new Raw("GET", "/plan/does-not-exist", null, null));
        requests.add(new Raw("POST", "/reconcile/does-not-exist", null, TOKEN));
        requests.add(new Raw("POST", "/apps/does-not-exist/pause", "[]", TOKEN));
        Random random = new Random(8);
        for (int i = 0; i < 150; i++) {
            String method = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS").get(random.nextInt(6));
            requests.add(new Raw(method, randomPath(random), random.nextBoolean() ? randomText(random, 200) : null,
                    random.nextBoolean() ? TOKEN : null));
        }
        for (Raw request : requests) {
            String answer = rawExchange(controller.localPort(), request.text());
            assertThat(answer).as("%s %.80s", request.method(), request.path())
                    .matches("(?s)HTTP/1\\.1 [234]\\d\\d .*").doesNotContain("\tat ", "Exception");
        }
        // RFC 9110 gives an unsupported HTTP version its own answer, 505, from the connector before any resource.
        assertThat(rawExchange(controller.localPort(), "GET /status HTTP/9.9\r\n\r\n")).startsWith("HTTP/1.1 505 ")
                .doesNotContain("\tat ");
        List<String> broken = List.of("GARBAGE\r\n\r\n",
                "GET /status HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                "GET /status HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(70_000) + "\r\n\r\n",
                "POST /reconcile HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n",
                "\u0000\u0001\u0002\r\n\r\n");
        for (String request : broken) {
            assertThat(rawExchange(controller.localPort(), request)).as("%.60s", request)
                    .matches("(?s)HTTP/1\\.1 4\\d\\d .*").doesNotContain("\tat ");
        }
        System.out.println("ApiRobustnessE2E: " + requests.size() + " malformed requests and " + broken.size()
                + " broken HTTP messages: no 5xx, no stack trace");

        assertThat(http.send(HttpRequest.newBuilder(api("/status")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("still serving").isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(admin("/healthcheck")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("admin still serving").isIn(200, 500);
    }

    /** One request on its own connection, closed after the answer, so that no answer depends on the previous. */
    record Raw(String method, String path, String body, String token) {
        String text() {
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Accept: application/xml, */*;q=0\r\n"
                    + (token == null ? "" : "Authorization: " + (token.startsWith("Bearer") ? token : "Bearer " + token)
                    + "\r\n")
                    + (body == null ? "" : "Content-Type: application/json; charset=utf-9\r\nContent-Length: "
                    + bytes.length + "\r\n") + "\r\n";
            return head + new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aDeadAwsNeverBlocksStatusOrTheHealthChecks() throws Exception {
        proxy.inject(FaultRule.on("*", "*", Fault.timeout(Duration.ofMinutes(3))));

        long started = System.nanoTime();
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(api("/status")).timeout(BOUND).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        long statusMs = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(admin("/healthcheck")).timeout(BOUND).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        long healthMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println("ApiRobustnessE2E: with AWS dead, GET /status answered in " + statusMs
                + " ms, GET /healthcheck in " + healthMs + " ms");

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(health.statusCode()).as("unhealthy while AWS does not answer").isEqualTo(500);
        assertThat(health.body()).contains("AWS does not answer");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String randomPath(Random random) {
        List<String> parts = List.of("status", "drift", "plan", "specs", "events", "reconcile", "apps", "pause",
                "resume", "xray-fargate", "..", "%2e%2e", "%00", "~", "{app}", "*", "%ff", ";x=1", "?a=%", "#");
        StringBuilder path = new StringBuilder();
        int depth = 1 + random.nextInt(4);
        for (int i = 0; i < depth; i++) {
            path.append('/').append(parts.get(random.nextInt(parts.size())));
        }
        return path.toString().replace("#", "%23");
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextInt(0x2FF) + 1));
        }
        return text.toString();
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + controller.localPort() + path);
    }

    private URI admin(String path) {
        return URI.create("http://127.0.0.1:" + controller.adminPort() + path);
    }

    private static String rawExchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (java.net.SocketException e) {
                // The server answered and closed before taking the whole (huge) request: read that answer.
            }
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
