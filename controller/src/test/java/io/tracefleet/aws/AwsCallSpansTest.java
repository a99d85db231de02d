package io.tracefleet.aws;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tracefleet.tracing.AwsCallSpans;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.tracefleet.aws.FakeAwsEndpoint.json;
import static io.tracefleet.aws.FakeAwsEndpoint.jsonError;
import static org.assertj.core.api.Assertions.assertThat;

/** The AWS call spans on real SDK clients, around the real rate limiter, against a stand-in for AWS. */
class AwsCallSpansTest {
    private static final ThrottleBucket ECS_READ = new ThrottleBucket(AwsService.ECS, "cluster-read");

    private final List<SpanData> finished = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    finished.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            })).build();

    @Test
    void aCallHeldByTheLimiterCarriesItsWait() throws IOException {
        // One token, one every two seconds, on the system clock: the second call waits for its token.
        AwsRateLimiter limiter = new AwsRateLimiter(Map.of(ECS_READ, new BucketLimit(0.5, 1)), 1.0,
                Duration.ofSeconds(5), Ticker.system(), Sleeper.system());
        AwsCallSpans spans = new AwsCallSpans(provider.get("test"));
        try (FakeAwsEndpoint fake = new FakeAwsEndpoint();
             AwsClients aws = AwsClients.create(AwsClientSettings.endpoint(fake.uri(), Region.EU_WEST_1)
                     .withRetry(AwsClientsTest.QUICK_RETRIES)
                     .withInterceptors(spans.opening(), limiter, spans.closing()))) {
            fake.on("DescribeClusters", json("{\"clusters\":[],\"failures\":[]}"));

            underACycle(() -> {
                aws.ecs().describeClusters();
                aws.ecs().describeClusters();
            });
        }

        WaitStatistics waits = limiter.waitStatistics(ECS_READ).orElseThrow();
        assertThat(finished).extracting(SpanData::getName)
                .containsExactly("ECS.DescribeClusters", "ECS.DescribeClusters", "cycle");
        double waitedMs = finished.stream().filter(s -> s.getName().startsWith("ECS.")).mapToDouble(s -> s.getAttributes().get(AwsCallSpans.THROTTLE_WAIT_MS))
                .sum();
        System.out.printf("limiter waits: %.1f ms in the spans, %d ms by the limiter's own account%n", waitedMs,
                waits.totalWait().toMillis());
        assertThat(waits.delayedCalls()).isPositive();
        assertThat(waitedMs).as("each attempt's sleep for its token is in its span")
                .isGreaterThanOrEqualTo(waits.totalWait().toNanos() / 1e6);
    }

    @Test
    void aRetriedCallCarriesItsAttemptsAndOutcome() throws IOException {
        AwsCallSpans spans = new AwsCallSpans(provider.get("test"));
        try (FakeAwsEndpoint fake = new FakeAwsEndpoint();
             AwsClients aws = AwsClients.create(AwsClientSettings.endpoint(fake.uri(), Region.EU_WEST_1)
                     .withRetry(AwsClientsTest.QUICK_RETRIES).withInterceptors(spans.opening(), spans.closing()))) {
            fake.on("ListClusters", jsonError(400, "ThrottlingException", "Rate exceeded"),
                    json("{\"clusterArns\":[]}"));

            underACycle(() -> aws.ecs().listClusters());
            aws.ecs().listClusters();
        }

        assertThat(finished).extracting(SpanData::getName).as("the call made outside any span is not traced")
                .containsExactly("ECS.ListClusters", "cycle");
        SpanData listed = finished.get(0);
        assertThat(listed.getParentSpanId()).isEqualTo(finished.get(1).getSpanId());
        assertThat(listed.getAttributes().get(AwsCallSpans.ATTEMPTS)).isEqualTo(2L);
        assertThat(listed.getAttributes().get(AwsCallSpans.RETRIES)).isEqualTo(1L);
        assertThat(listed.getAttributes().get(AwsCallSpans.OUTCOME)).isEqualTo(AwsCallSpans.SUCCESS);
        assertThat(listed.getAttributes().get(AwsCallSpans.REGION)).isEqualTo("eu-west-1");
        assertThat(listed.getAttributes().get(AttributeKey.stringKey("rpc.method"))).isEqualTo("ListClusters");
    }

    @Test
    void aCallTheLimiterRefusesIsAnErrorSpanThatNeverReachedAws() throws IOException {
        AwsRateLimiter limiter = new AwsRateLimiter(Map.of(ECS_READ, new BucketLimit(0.01, 1)), 1.0,
                Duration.ofMillis(1), Ticker.system(), Sleeper.system());
        AwsCallSpans spans = new AwsCallSpans(provider.get("test"));
        try (FakeAwsEndpoint fake = new FakeAwsEndpoint();
             AwsClients aws = AwsClients.create(AwsClientSettings.endpoint(fake.uri(), Region.EU_WEST_1)
                     .withRetry(AwsClientsTest.QUICK_RETRIES)
                     .withInterceptors(spans.opening(), limiter, spans.closing()))) {
            fake.on("DescribeClusters", json("{\"clusters\":[],\"failures\":[]}"));
            underACycle(() -> {
                aws.ecs().describeClusters();
                try {
                    aws.ecs().describeClusters();
                } catch (RuntimeException expected) {
                    // the limiter's refusal, as the next assertion reads it
                }
            });
            assertThat(fake.seen("DescribeClusters")).hasSize(1);
        }

        assertThat(finished.get(1).getAttributes().get(AwsCallSpans.OUTCOME))
                .isEqualTo(ClientThrottledException.class.getSimpleName());
        assertThat(finished.get(1).getStatus().getStatusCode())
                .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    }

    private void underACycle(Runnable calls) {
        io.opentelemetry.api.trace.Span cycle = provider.get("test").spanBuilder("cycle").startSpan();
        try (io.opentelemetry.context.Scope ignored = cycle.makeCurrent()) {
            calls.run();
        } finally {
            cycle.end();
        }
    }
}
