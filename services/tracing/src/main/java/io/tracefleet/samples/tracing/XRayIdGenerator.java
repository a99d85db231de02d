package io.tracefleet.samples.tracing;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Trace ids X-Ray accepts: X-Ray reads the first 32 bits of a trace id as the epoch second the
 * trace began ({@code 1-<8 hex digits of time>-<24 hex digits>}) and rejects traces whose time is
 * too far in the past, so OpenTelemetry's all-random ids would be dropped. Span ids are random, as
 * X-Ray's are.
 */
final class XRayIdGenerator implements IdGenerator {

    private final Clock clock;

    XRayIdGenerator(Clock clock) {
        this.clock = clock;
    }

    XRayIdGenerator() {
        this(Clock.systemUTC());
    }

    @Override
    public String generateSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return SpanId.fromLong(id);
    }

    /**
     * A caller's root without a parent span, when it is in the current context, is the trace to
     * continue: the X-Ray SDK keeps a load balancer's root, so the span starting here does too.
     */
    @Override
    public String generateTraceId() {
        XRayTraceHeader.RootOnly callersRoot = Context.current().get(XRayTraceHeader.ROOT_ONLY);
        if (callersRoot != null) {
            return callersRoot.traceId();
        }
        long epochSeconds = clock.instant().getEpochSecond();
        long high = (epochSeconds & 0xFFFF_FFFFL) << 32 | (ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL);
        // The low 64 bits alone make the id valid (non-zero), whatever the clock says.
        long low;
        do {
            low = ThreadLocalRandom.current().nextLong();
        } while (low == 0);
        return TraceId.fromLongs(high, low);
    }
}
