package io.tracefleet.aws;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that only moves when told to, or when a caller "sleeps" on it. */
final class FakeClock implements Ticker, Sleeper {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void sleep(long nanos) {
        sleeps.add(nanos);
        now.addAndGet(nanos);
    }

    void advanceMillis(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }

    List<Long> sleepsMillis() {
        return sleeps.stream().map(n -> n / 1_000_000L).toList();
    }
}
