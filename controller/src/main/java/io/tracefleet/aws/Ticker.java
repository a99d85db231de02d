package io.tracefleet.aws;

/** A monotonic nanosecond clock, injectable so token buckets can be tested without waiting. */
@FunctionalInterface
public interface Ticker {
    long nanoTime();

    static Ticker system() {
        return System::nanoTime;
    }
}
