package io.tracefleet.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A clock shared by many real threads that moves only when all of them are asleep on it: then it jumps to the
 * earliest wake-up and releases the thread due, one at a time. Threads that overlap in time take their turns in the
 * same order on any machine, so what concurrent callers do at a token bucket can be replayed exactly, however loaded
 * the machine.
 */
final class VirtualTime implements Ticker, Sleeper {

    private record Wake(long at, long order) {
    }

    private final PriorityQueue<Wake> wakes =
            new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private final List<Wake> released = new ArrayList<>();
    private long now = TimeUnit.SECONDS.toNanos(1);
    private long order;
    private int awake;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        synchronized (this) {
            Wake wake = new Wake(now + Math.max(0, nanos), order++);
            wakes.add(wake);
            awake--;
            notifyAll();
            while (!released.remove(wake)) {
                wait();
            }
        }
    }

    /** Runs each task on a thread of its own, moving the clock whenever all are asleep, until all have returned. */
    void run(List<Runnable> tasks) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        synchronized (this) {
            awake = tasks.size();
        }
        List<Throwable> failures = new ArrayList<>();
        for (Runnable task : tasks) {
            Thread thread = new Thread(() -> {
                try {
                    task.run();
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    synchronized (this) {
                        awake--;
                        notifyAll();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        synchronized (this) {
            while (true) {
                while (awake > 0 || !released.isEmpty()) {
                    wait();
                }
                Wake next = wakes.poll();
                if (next == null) {
                    break;
                }
                // One thread at a time, even among those due at the same instant (in the order they went to
                // sleep): threads let go together would race for the buckets in the machine's order.
                now = next.at;
                released.add(next);
                awake++;
                notifyAll();
            }
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a task failed", failures.get(0));
        }
    }
}
