package io.tracefleet.aws;

import java.util.concurrent.TimeUnit;

/** How a caller waits for its token; tests substitute one that advances a fake {@link Ticker}. */
@FunctionalInterface
public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;

    static Sleeper system() {
        return TimeUnit.NANOSECONDS::sleep;
    }
}
