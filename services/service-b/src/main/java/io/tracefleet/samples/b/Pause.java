package io.tracefleet.samples.b;

/**
 * One of the waits service-b makes before answering {@code POST /create}.
 *
 * <p>Injectable so tests can shorten the waits (load test) or hold requests in flight on a latch
 * (health test) while production keeps the demo's 0–1 s.
 */
@FunctionalInterface
public interface Pause {

    /** Blocks the calling thread; implementations sleep or wait, never spin. */
    void await() throws InterruptedException;
}
