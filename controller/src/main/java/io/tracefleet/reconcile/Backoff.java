package io.tracefleet.reconcile;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with equal jitter: half of {@code first * 2^attempt} (capped) fixed, the other half random.
 */
final class Backoff {
    private Backoff() {
    }

    static long delay(int attempt, Duration first, Duration cap, RandomGenerator random) {
        long ceiling = first.toMillis() << Math.min(attempt, 20);
        long bounded = Math.max(1, Math.min(ceiling, cap.toMillis()));
        // Half fixed, half random: never zero, and many controllers retrying do not move in lockstep.
        return bounded / 2 + random.nextLong(bounded / 2 + 1);
    }
}
