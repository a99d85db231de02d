package io.tracefleet.samples.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class XRayIdGeneratorTest {

    @Test
    void aTraceIdStartsWithTheEpochSecondInHexAndIsRandomAfterIt() {
        // 1_465_510_280 s is 5759e988 in hex, the first 8 digits X-Ray will read back as the time.
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_465_510_280L, 999_000_000L), ZoneOffset.UTC);
        XRayIdGenerator ids = new XRayIdGenerator(clock);

        Set<String> rests = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String traceId = ids.generateTraceId();
            assertThat(TraceId.isValid(traceId)).as(traceId).isTrue();
            assertThat(traceId).startsWith("5759e988");
            rests.add(traceId.substring(8));
        }
        assertThat(rests).as("the 24 digits after the time differ each time").hasSize(1_000);
    }

    @Test
    @SuppressWarnings("try") // the scope makes the context current; that is the point
    void aCallersRootWithoutParentInTheCurrentContextIsTheTraceToContinue() {
        XRayIdGenerator ids = new XRayIdGenerator();
        XRayTraceHeader.RootOnly balancer = new XRayTraceHeader.RootOnly("5759e988bd862e3fe1be46a994272793", false);

        try (Scope ignored = Context.root().with(XRayTraceHeader.ROOT_ONLY, balancer).makeCurrent()) {
            assertThat(ids.generateTraceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
        }
        assertThat(ids.generateTraceId()).isNotEqualTo("5759e988bd862e3fe1be46a994272793");
    }

    @Test
    void theSystemClockTimeIsNowAndSpanIdsAreValidAndDistinct() {
        XRayIdGenerator ids = new XRayIdGenerator();

        long before = Instant.now().getEpochSecond();
        String traceId = ids.generateTraceId();
        long after = Instant.now().getEpochSecond();
        assertThat(Long.parseLong(traceId.substring(0, 8), 16)).isBetween(before, after);

        Set<String> spanIds = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String spanId = ids.generateSpanId();
            assertThat(SpanId.isValid(spanId)).as(spanId).isTrue();
            spanIds.add(spanId);
        }
        assertThat(spanIds).hasSize(1_000);
    }
}
