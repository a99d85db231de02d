package io.tracefleet.samples.b;

import java.util.concurrent.ThreadLocalRandom;

/** Decides whether service-b refuses a {@code POST /create}; the demo refuses about half. */
@FunctionalInterface
public interface Verdict {

    boolean forbids();

    static Verdict coinFlip() {
        return () -> ThreadLocalRandom.current().nextBoolean();
    }

    static Verdict alwaysAllow() {
        return () -> false;
    }

    static Verdict alwaysForbid() {
        return () -> true;
    }
}
