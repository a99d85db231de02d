package io.tracefleet.testing;

import java.util.Optional;

/**
 * The proxy's stand-in for a controller killed right after its Nth mutating call: the first {@code limit} writes
 * are forwarded (and answered) as usual, and from then on every call, read or write, is dropped unanswered, so
 * nothing the caller does afterwards reaches AWS. The decision is taken under one lock per call, in arrival order,
 * so the stop lands exactly after write number {@code limit} even when writes race. {@link #lift()} ends it.
 *
 * <pre>{@code
 * WriteCutoff cutoff = proxy.cutOffAfterWrites(7);
 * ... the controller runs until it is as good as dead to AWS; stop it ...
 * cutoff.lift();
 * }</pre>
 */
public final class WriteCutoff {
    private final int limit;
    private int forwardedWrites;
    private int refused;
    private String lastWrite;
    private boolean lifted;

    WriteCutoff(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be at least 0");
        }
        this.limit = limit;
    }

    /** Whether this call goes through; a refused one is to be dropped unanswered. */
    synchronized boolean admits(AwsRequest request) {
        if (lifted) {
            return true;
        }
        if (forwardedWrites >= limit) {
            refused++;
            return false;
        }
        if (AwsCall.Access.of(request.operation()) == AwsCall.Access.WRITE) {
            forwardedWrites++;
            lastWrite = request.service() + ":" + request.operation();
        }
        return true;
    }

    public int limit() {
        return limit;
    }

    /** Writes forwarded while the cutoff was in force: at most {@link #limit()}. */
    public synchronized int forwardedWrites() {
        return forwardedWrites;
    }

    /** Calls dropped because the limit was reached. */
    public synchronized int refused() {
        return refused;
    }

    /** {@code service:Operation} of the last write forwarded, the one the "process" died after. */
    public synchronized Optional<String> lastWrite() {
        return Optional.ofNullable(lastWrite);
    }

    /** Whether the limit is reached: the caller can no longer reach AWS. */
    public synchronized boolean reached() {
        return forwardedWrites >= limit;
    }

    /** Every call goes through again. */
    public synchronized void lift() {
        lifted = true;
    }
}
