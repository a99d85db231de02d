package io.tracefleet.reconcile;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.util.function.Supplier;

/**
 * The span of one application cycle, current while the cycle runs so that its AWS calls are its children. What it
 * records is what a person reading a slow pass asks first: which application, where, whether it could write, how
 * much it changed and what is still out of sync.
 */
final class TracedCycles {
    static final AttributeKey<String> APPLICATION = AttributeKey.stringKey("tracefleet.application");
    static final AttributeKey<String> REGION = AttributeKey.stringKey("cloud.region");
    static final AttributeKey<Boolean> APPLY = AttributeKey.booleanKey("tracefleet.apply");
    static final AttributeKey<Long> CHANGES = AttributeKey.longKey("tracefleet.changes");
    static final AttributeKey<Long> OUT_OF_SYNC = AttributeKey.longKey("tracefleet.out_of_sync");
    static final AttributeKey<Long> ERRORS = AttributeKey.longKey("tracefleet.errors");
    static final AttributeKey<Long> APPLICATIONS = AttributeKey.longKey("tracefleet.applications");

    private TracedCycles() {
    }

    static CycleResult around(Tracer tracer, String application, String region, boolean apply,
                              Supplier<CycleResult> cycle) {
        Span span = tracer.spanBuilder("application cycle")
                .setAttribute(APPLICATION, application)
                .setAttribute(REGION, region)
                .setAttribute(APPLY, apply)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            CycleResult result = cycle.get();
            span.setAttribute(CHANGES, (long) result.plan().actions().size());
            span.setAttribute(OUT_OF_SYNC, (long) result.outOfSync().size());
            long errors = result.resources().stream().filter(r -> r.sync() == SyncState.ERROR).count();
            span.setAttribute(ERRORS, errors);
            if (errors > 0) {
                span.setStatus(StatusCode.ERROR, errors + " resource(s) in error");
            }
            return result;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }
}
