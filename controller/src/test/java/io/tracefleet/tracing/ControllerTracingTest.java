package io.tracefleet.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerTracingTest {

    @Test
    void tracefleetsSettingWinsThenOpenTelemetrysTracesUrlThenItsBase() {
        Map<String, String> both = Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/custom/path",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://base:4318");

        assertThat(ControllerTracing.tracesUrl("http://collector:4318", both::get))
                .contains(URI.create("http://collector:4318/v1/traces"));
        assertThat(ControllerTracing.tracesUrl("", both::get))
                .as("the traces variable is a whole URL, used as it is")
                .contains(URI.create("http://traces:4318/custom/path"));
        assertThat(ControllerTracing.tracesUrl(" ", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://base:4318/")::get))
                .contains(URI.create("http://base:4318/v1/traces"));
        assertThat(ControllerTracing.tracesUrl("", Map.<String, String>of()::get)).isEqualTo(Optional.empty());
    }

    @Test
    void offIsOpenTelemetrysNoOpAndCostsNextToNothing() {
        try (ControllerTracing off = ControllerTracing.off()) {
            Tracer tracer = off.tracer();
            assertThat(off.endpoint()).isEmpty();
            assertThat(off.describe()).isEqualTo("tracing off");
            Span span = tracer.spanBuilder("reconcile pass").startSpan();
            assertThat(span.isRecording()).isFalse();
            assertThat(span.getSpanContext().isValid()).as("no ids are even drawn").isFalse();
            span.end();

            // A figure, not a bound: what a pass and a cycle span cost when tracing is off.
            int n = 1_000_000;
            for (int warm = 0; warm < 2; warm++) {
                long started = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Span pass = tracer.spanBuilder("reconcile pass").setNoParent().startSpan();
                    try (Scope ignored = pass.makeCurrent()) {
                        Span cycle = tracer.spanBuilder("application cycle").setAttribute("tracefleet.application",
                                "xray-fargate").startSpan();
                        try (Scope inner = cycle.makeCurrent()) {
                            cycle.setAttribute("tracefleet.changes", 0L);
                        } finally {
                            cycle.end();
                        }
                    } finally {
                        pass.end();
                    }
                }
                if (warm == 1) {
                    System.out.printf("tracing off: a pass span and a cycle span, %.0f ns together (mean of %,d)%n",
                            (System.nanoTime() - started) / (double) n, n);
                }
            }
        }
    }
}
