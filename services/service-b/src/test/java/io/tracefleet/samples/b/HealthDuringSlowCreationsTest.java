package io.tracefleet.samples.b;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracefleet.samples.tracing.XRayDaemonStandIn;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A concurrency test, not a timing one: the slow requests are held on a latch, not a clock. */
class HealthDuringSlowCreationsTest {

    private static final int IN_FLIGHT = 10;

    @Test
    void healthAnswersWhileEveryCreateWorkerIsBusy() throws Exception {
        CountDownLatch allWaiting = new CountDownLatch(IN_FLIGHT);
        CountDownLatch release = new CountDownLatch(1);
        Pause heldUntilReleased = () -> {
            allWaiting.countDown();
            release.await();
        };
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        // Exactly as many create workers as slow requests: the pool is full while /health is asked.
        try (XRayDaemonStandIn daemon = new XRayDaemonStandIn();
             ServiceB service = ServiceB.start(
                     new ServiceBConfig(0, daemon.target(), heldUntilReleased, Verdict.coinFlip(), IN_FLIGHT))) {
            List<CompletableFuture<HttpResponse<String>>> creations = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                HttpRequest create = HttpRequest.newBuilder(service.localUri().resolve("/create"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build();
                creations.add(client.sendAsync(create, HttpResponse.BodyHandlers.ofString()));
            }
            try {
                // The first wait of each request counts down, but the latch opens only once every
                // one of the ten has reached it, i.e. all ten are in flight on the create pool.
                assertThat(allWaiting.await(10, TimeUnit.SECONDS)).as("ten creations in flight").isTrue();

                HttpResponse<String> health = client.send(
                        HttpRequest.newBuilder(service.localUri().resolve("/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).isEqualTo("Healthy");
                assertThat(creations).noneMatch(CompletableFuture::isDone);
            } finally {
                release.countDown();
            }

            CompletableFuture.allOf(creations.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(creations).allSatisfy(creation ->
                    assertThat(creation.join().statusCode()).isIn(200, 403));
        }
    }
}
