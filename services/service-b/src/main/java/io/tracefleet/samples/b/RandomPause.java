package io.tracefleet.samples.b;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** Sleeps a uniformly random time between zero and {@code longest}, inclusive. */
public record RandomPause(Duration longest) implements Pause {

    public RandomPause {
        Objects.requireNonNull(longest, "longest");
        if (longest.isNegative()) {
            throw new IllegalArgumentException("longest pause must not be negative: " + longest);
        }
    }

    @Override
    public void await() throws InterruptedException {
        long millis = ThreadLocalRandom.current().nextLong(longest.toMillis() + 1);
        Thread.sleep(millis);
    }
}
