package io.tracefleet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.testing.CallLog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /plan/{app}} is open to anyone who reaches the API port and observes AWS like a cycle: many requests
 * share one observation, and fresh ones past their share of the API budget are refused before any AWS call.
 */
class PlanBudgetE2E extends E2EBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors
            .newFixedThreadPool(8)).build();

    @Test
    void fortyParallelRequestsShareOneObservation() throws Exception {
        restartWith(ConfigOverride.config("plans.reuse", "1h"));
        controller.passFor(APP);
        CallLog.Mark direct = proxy.mark();
        controller.plan(APP).orElseThrow();
        long onePlan = proxy.callsSince(direct).reads();

        CallLog.Mark mark = proxy.mark();
        List<CompletableFuture<HttpResponse<String>>> requests = IntStream.range(0, 40)
                .mapToObj(i -> http.sendAsync(get("/plan/" + APP), HttpResponse.BodyHandlers.ofString())).toList();
        List<JsonNode> plans = requests.stream().map(CompletableFuture::join).map(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return read(response.body());
        }).toList();

        assertThat(onePlan).as("a plan observes AWS").isGreaterThan(10);
        System.out.printf("one plan of the example: %d reads; 40 parallel requests: %d reads%n", onePlan,
                proxy.callsSince(mark).reads());
        assertThat(proxy.callsSince(mark).reads()).isEqualTo(onePlan);
        assertThat(proxy.callsSince(mark).writes()).isZero();
        assertThat(plans).extracting(p -> p.get("observedAt").asText()).containsOnly(
                plans.get(0).get("observedAt").asText());
        assertThat(plans).filteredOn(p -> !p.get("reused").asBoolean()).hasSize(1);
    }

    @Test
    void aFreshPlanPastItsShareOfTheBudgetIsRefusedWithRetryAfterAndCallsNothingWhilePassesGoOn() {
        restartWith(ConfigOverride.config("plans.reuse", "0s"), ConfigOverride.config("plans.budgetShare", "0.0001"),
                ConfigOverride.config("plans.burst", "0s"));
        controller.passFor(APP);
        assertThat(send("/plan/" + APP).statusCode()).isEqualTo(200);

        CallLog.Mark mark = proxy.mark();
        HttpResponse<String> refused = send("/plan/" + APP);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(read(refused.body()).get("message").asText()).contains("share (0%) of the API budget");
        assertThat(proxy.callsSince(mark).total()).as("refused before any AWS call").isZero();
        CycleResult pass = controller.passFor(APP);
        assertThat(pass.isSynced()).as("the controller's own pass is never refused").isTrue();
        assertThat(proxy.callsSince(mark).reads()).isPositive();
    }

    private void restartWith(ConfigOverride... extra) {
        controller.close();
        controller = new RunningController(proxy.endpoint(), specs, extra);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.localPort() + path))
                .timeout(Duration.ofMinutes(2)).GET().build();
    }

    private HttpResponse<String> send(String path) {
        try {
            return http.send(get(path), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
