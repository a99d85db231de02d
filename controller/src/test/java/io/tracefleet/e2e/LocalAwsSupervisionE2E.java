package io.tracefleet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The controller's own moto ({@code aws.endpoint: local}) killed with SIGKILL: status and health say so, it comes back. */
class LocalAwsSupervisionE2E {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path specs;

    @Test
    void aKilledLocalAwsShowsInStatusAndHealthIsRestartedAndTheNextPassRebuildsEverything() throws Exception {
        Files.copy(E2EBase.EXAMPLE, specs.resolve("xray-demo.yaml"));
        try (RunningController controller = new RunningController(URI.create("local"), specs,
                ConfigOverride.config("aws.endpoint", "local"))) {
            assertThat(controller.passFor(E2EBase.APP).isSynced()).isTrue();
            String running = status(controller).at("/controller/localAws").asText();
            assertThat(running).startsWith("running at http://127.0.0.1:");
            Matcher pid = Pattern.compile("\\(pid (\\d+)\\)").matcher(running);
            assertThat(pid.find()).isTrue();

            long killed = System.nanoTime();
            ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> status(controller)
                    .at("/controller/localAws").asText().contains("restarted 1 time(s)"));
            long restartedMillis = (System.nanoTime() - killed) / 1_000_000;

            assertThat(status(controller).at("/controller/localAws").asText()).startsWith("running at ")
                    .contains("was killed by signal 9").doesNotContain("(pid " + pid.group(1) + ")");
            long rebuilding = System.nanoTime();
            assertThat(controller.passFor(E2EBase.APP).isSynced()).as("moto lost everything; the pass made it again")
                    .isTrue();
            System.out.printf("LocalAwsSupervisionE2E: local AWS SIGKILLed; serving again %d ms later; the next pass "
                    + "rebuilt the example in %d ms%n", restartedMillis, (System.nanoTime() - rebuilding) / 1_000_000);
            HttpResponse<String> health = get(controller.adminPort(), "/healthcheck");
            assertThat(JSON.readTree(health.body()).at("/local-aws/healthy").asBoolean()).as(health.body()).isTrue();
        }
    }

    private JsonNode status(RunningController controller) throws Exception {
        return JSON.readTree(get(controller.localPort(), "/status").body());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
