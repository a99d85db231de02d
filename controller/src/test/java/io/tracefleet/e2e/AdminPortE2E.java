package io.tracefleet.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin port's commands need the API token, probes and scrapers do not, and both find health and metrics on the
 * API port too, so that the admin port can stay on loopback.
 */
class AdminPortE2E extends E2EBase {
    private static final String TOKEN = "admin-test-token";
    /** A logger of its own, so that a command the test lets through changes nothing else in this JVM. */
    private static final String PROBE_LOGGER = "io.tracefleet.adminprobe";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    ConfigOverride[] configOverrides() {
        return new ConfigOverride[]{ConfigOverride.config("apiToken", TOKEN)};
    }

    @Test
    void commandsDumpsAndTheProfilerNeedTheTokenWhileProbesAndScrapersDoNot() {
        Logger probe = (Logger) LoggerFactory.getLogger(PROBE_LOGGER);
        probe.setLevel(Level.INFO);

        HttpResponse<String> refused = send("POST", controller.admin("/tasks/log-level?logger=" + PROBE_LOGGER + "&level=OFF"),
                null);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(refused.body()).contains("Authorization: Bearer");
        assertThat(probe.getLevel()).as("the command did not run").isEqualTo(Level.INFO);
        for (String path : new String[]{"/threads", "/pprof", "/metrics", "/", "/tasks"}) {
            assertThat(send("GET", controller.admin(path), null).statusCode()).as("GET " + path).isEqualTo(401);
        }
        assertThat(send("POST", controller.admin("/tasks/gc"), null).statusCode()).isEqualTo(401);
        assertThat(send("POST", controller.admin("/tasks/gc"), "guess").statusCode()).isEqualTo(401);

        HttpResponse<String> allowed = send("POST", controller.admin("/tasks/log-level?logger=" + PROBE_LOGGER
                + "&level=WARN"), TOKEN);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(probe.getLevel()).isEqualTo(Level.WARN);
        assertThat(send("GET", controller.admin("/threads"), TOKEN).statusCode()).isEqualTo(200);

        controller.passFor(APP);
        assertThat(send("GET", controller.admin("/healthcheck"), null).statusCode()).isEqualTo(200);
        assertThat(send("GET", controller.admin("/ping"), null).statusCode()).isEqualTo(200);
        assertThat(send("GET", controller.admin("/prometheus"), null).body()).contains("tracefleet_resources{");
    }

    @Test
    void healthAndPrometheusMetricsAreOnTheApiPortForProbesFromOutside() throws IOException {
        controller.passFor(APP);

        HttpResponse<String> health = send("GET", controller.api("/healthcheck"), null);
        HttpResponse<String> metrics = send("GET", controller.api("/metrics"), null);

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode checks = JSON.readTree(health.body());
        assertThat(checks.at("/aws/healthy").asBoolean()).isTrue();
        assertThat(checks.at("/reconciler/healthy").asBoolean()).isTrue();
        assertThat(checks.at("/specs/healthy").asBoolean()).isTrue();
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain")
                .contains("version=0.0.4");
        assertThat(metrics.body())
                .contains("tracefleet_resources{application=\"xray-fargate\",sync=\"synced\",health=\"healthy\"} 18\n");
    }

    @Test
    void withReadsProtectedTheApiPortStillAnswersProbesButNotScrapersWithoutTheToken() {
        restartWith(ConfigOverride.config("protectReads", "true"));
        controller.passFor(APP);

        assertThat(send("GET", controller.api("/healthcheck"), null).statusCode()).isEqualTo(200);
        assertThat(send("GET", controller.api("/metrics"), null).statusCode()).isEqualTo(401);
        assertThat(send("GET", controller.api("/metrics"), TOKEN).statusCode()).isEqualTo(200);
        assertThat(send("GET", controller.api("/status"), null).statusCode()).isEqualTo(401);
    }

    private void restartWith(ConfigOverride extra) {
        controller.close();
        controller = new RunningController(proxy.endpoint(), specs, ConfigOverride.config("apiToken", TOKEN), extra);
    }

    private static HttpResponse<String> send(String method, URI uri, String token) {
        return RunningController.send(method, uri, token, Duration.ofMinutes(1));
    }
}
