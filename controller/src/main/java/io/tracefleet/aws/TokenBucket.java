package io.tracefleet.aws;

/**
 * A token bucket that hands out reservations: a caller takes its token now and is told how long
 * to wait before using it, so concurrent callers queue in arrival order instead of racing. Kept
 * in whole nanoseconds as the time at which the bucket would be full again (the GCRA form), which
 * makes the waits exact rather than subject to floating-point drift.
 */
final class TokenBucket {

    private final long nanosPerToken;
    private final long burstNanos;
    private final Ticker ticker;
    private long fullAgainAt;

    TokenBucket(BucketLimit limit, Ticker ticker) {
        this.nanosPerToken = Math.max(1, Math.round(1_000_000_000d / limit.sustainedPerSecond()));
        this.burstNanos = Math.round(limit.burst() * nanosPerToken);
        this.ticker = ticker;
        this.fullAgainAt = ticker.nanoTime();
    }

    /**
     * The outcome of asking for a token.
     *
     * @param granted whether the token was taken
     * @param waitNanos how long the caller must wait before using the token; when not granted, how
     *     long it would have had to
     */
    record Reservation(boolean granted, long waitNanos) {
    }

    /**
     * Takes one token and says how long the caller must wait before using it, or takes nothing
     * when that wait would exceed {@code maxWaitNanos}.
     */
    synchronized Reservation reserve(long maxWaitNanos) {
        return reserve(maxWaitNanos, 1);
    }

    /** As {@link #reserve(long)}, for a call that costs {@code tokens} (a bucket shared with other controllers). */
    synchronized Reservation reserve(long maxWaitNanos, int tokens) {
        long now = ticker.nanoTime();
        long next = Math.max(fullAgainAt, now) + nanosPerToken * Math.max(1, tokens);
        long wait = Math.max(0, next - burstNanos - now);
        if (wait > maxWaitNanos) {
            return new Reservation(false, wait);
        }
        fullAgainAt = next;
        return new Reservation(true, wait);
    }
}
