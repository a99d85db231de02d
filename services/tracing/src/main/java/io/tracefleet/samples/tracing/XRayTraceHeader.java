package io.tracefleet.samples.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code X-Amzn-Trace-Id} header for OpenTelemetry, as AWS documents it:
 * {@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}. The root is
 * the version {@code 1}, the trace's start in epoch seconds (8 hex digits) and 24 hex digits; the
 * 32 digits together are the OpenTelemetry trace id. Other fields a load balancer or the X-Ray SDK
 * add ({@code Self}, {@code Lineage}) are ignored.
 *
 * <p>Written here rather than taken from OpenTelemetry's contributed AWS propagator, whose builds
 * call SDK internals that the SDK release used here no longer has.
 */
final class XRayTraceHeader implements TextMapPropagator {

    static final String NAME = "X-Amzn-Trace-Id";

    private static final Pattern ROOT = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");

    @Override
    public List<String> fields() {
        return List.of(NAME);
    }

    @Override
    public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
        SpanContext span = Span.fromContext(context).getSpanContext();
        if (!span.isValid()) {
            return;
        }
        String traceId = span.getTraceId();
        setter.set(carrier, NAME, "Root=1-" + traceId.substring(0, 8) + "-" + traceId.substring(8)
                + ";Parent=" + span.getSpanId()
                + ";Sampled=" + (span.isSampled() ? "1" : "0"));
    }

    /**
     * A root without a parent: what a load balancer sends ({@code Root=…}), and what an X-Ray SDK
     * caller sends when it does not sample ({@code Root=…;Sampled=0}). OpenTelemetry has no parent
     * span to continue, so the root travels in the context: {@link XRayIdGenerator} gives the new
     * trace this id, and {@link OpenTelemetryTracing} drops it if the caller declined.
     */
    record RootOnly(String traceId, boolean declined) {
    }

    static final ContextKey<RootOnly> ROOT_ONLY = ContextKey.named("X-Amzn-Trace-Id root without parent");

    /** A header without a valid root leaves the context as it was, so the request starts a trace of its own. */
    @Override
    public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
        String header = getter.get(carrier, NAME);
        if (header == null) {
            return context;
        }
        String root = null;
        String parent = null;
        String sampled = null;
        for (String field : header.split(";")) {
            int equals = field.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String key = field.substring(0, equals).trim();
            String value = field.substring(equals + 1).trim().toLowerCase(Locale.ROOT);
            switch (key) {
                case "Root" -> root = value;
                case "Parent" -> parent = value;
                case "Sampled" -> sampled = value;
                default -> {
                    // Self, Lineage and whatever AWS adds next do not change the parent.
                }
            }
        }
        if (root == null || !ROOT.matcher(root).matches()) {
            return context;
        }
        String traceId = root.substring(2, 10) + root.substring(11);
        // Only an explicit 0 declines: "?" or no decision leaves it to this service, which samples all.
        boolean declined = "0".equals(sampled);
        if (parent == null || !SpanId.isValid(parent)) {
            return TraceId.isValid(traceId) ? context.with(ROOT_ONLY, new RootOnly(traceId, declined)) : context;
        }
        TraceFlags flags = declined ? TraceFlags.getDefault() : TraceFlags.getSampled();
        SpanContext caller = SpanContext.createFromRemoteParent(traceId, parent, flags, TraceState.getDefault());
        return caller.isValid() ? context.with(Span.wrap(caller)) : context;
    }
}
