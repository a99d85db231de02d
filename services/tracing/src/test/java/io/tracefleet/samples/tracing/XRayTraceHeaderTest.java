package io.tracefleet.samples.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Header values in the shapes AWS documents and the X-Ray SDK and load balancers send. */
class XRayTraceHeaderTest {

    private static final XRayTraceHeader HEADER = new XRayTraceHeader();
    private static final TextMapGetter<Map<String, String>> MAP = (carrier, key) -> carrier.get(key);

    @Test
    void anXRaySdkHeaderBecomesTheRemoteParentWithItsSamplingDecision() {
        SpanContext sampled = extract("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        assertThat(sampled.getTraceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
        assertThat(sampled.getSpanId()).isEqualTo("53995c3f42cd8ad8");
        assertThat(sampled.isRemote()).isTrue();
        assertThat(sampled.isSampled()).isTrue();

        assertThat(extract("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0").isSampled())
                .isFalse();
        // Spaces, other field order, fields this service does not use, and "?" (decide downstream).
        SpanContext relaxed = extract(
                "Self=1-67891234-12456789abcdef012345678; Sampled=? ;Parent=53995C3F42CD8AD8; "
                        + "Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=a87bd80c:1");
        assertThat(relaxed.getTraceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
        assertThat(relaxed.getSpanId()).isEqualTo("53995c3f42cd8ad8");
        assertThat(relaxed.isSampled()).isTrue();
    }

    @Test
    void aRootWithoutParentIsKeptApartWithItsDecision() {
        // A load balancer's header, and an X-Ray SDK caller's that declined (it names no parent then).
        Context balancer = extractContext("Root=1-5759e988-bd862e3fe1be46a994272793");
        Context declined = extractContext("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0");
        Context zeroParent = extractContext(
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000;Sampled=1");

        assertThat(balancer.get(XRayTraceHeader.ROOT_ONLY))
                .isEqualTo(new XRayTraceHeader.RootOnly("5759e988bd862e3fe1be46a994272793", false));
        assertThat(declined.get(XRayTraceHeader.ROOT_ONLY))
                .isEqualTo(new XRayTraceHeader.RootOnly("5759e988bd862e3fe1be46a994272793", true));
        assertThat(zeroParent.get(XRayTraceHeader.ROOT_ONLY)).isNotNull();
        assertThat(List.of(balancer, declined, zeroParent))
                .allSatisfy(context -> assertThat(Span.fromContext(context).getSpanContext().isValid()).isFalse());
    }

    @Test
    void headersWithoutAValidRootLeaveTheContextAlone() {
        for (String header : List.of(
                "Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8",
                "Root=1-5759e988-bd862e3fe1be46a9;Parent=53995c3f42cd8ad8",
                "Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8",
                "Parent=53995c3f42cd8ad8;Sampled=1",
                "garbage")) {
            assertThat(extractContext(header)).as(header).isSameAs(Context.root());
        }
        assertThat(HEADER.extract(Context.root(), Map.of(), MAP)).isSameAs(Context.root());
    }

    @Test
    void theCurrentSpanIsWrittenInXRaysFormatAndReadBackUnchanged() {
        SpanContext span = SpanContext.create("5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8",
                TraceFlags.getSampled(), TraceState.getDefault());
        Map<String, String> headers = inject(span);
        assertThat(headers).containsExactly(Map.entry("X-Amzn-Trace-Id",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"));
        assertThat(extract(headers.get("X-Amzn-Trace-Id"))).isEqualTo(
                SpanContext.createFromRemoteParent(span.getTraceId(), span.getSpanId(), span.getTraceFlags(),
                        TraceState.getDefault()));

        SpanContext declined = SpanContext.create("5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8",
                TraceFlags.getDefault(), TraceState.getDefault());
        assertThat(inject(declined).get("X-Amzn-Trace-Id")).endsWith(";Sampled=0");
        assertThat(inject(SpanContext.getInvalid())).isEmpty();
    }

    private static SpanContext extract(String header) {
        return Span.fromContext(extractContext(header)).getSpanContext();
    }

    private static Context extractContext(String header) {
        return HEADER.extract(Context.root(), Map.of("X-Amzn-Trace-Id", header), MAP);
    }

    private static Map<String, String> inject(SpanContext span) {
        Map<String, String> headers = new HashMap<>();
        HEADER.inject(Context.root().with(Span.wrap(span)), headers, Map::put);
        return headers;
    }
}
