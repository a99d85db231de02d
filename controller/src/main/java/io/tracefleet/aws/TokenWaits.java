package io.tracefleet.aws;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Lets whoever runs work on a thread hear when a call on that thread is about to sleep for a throttle token, and when
 * it wakes. A thread that merely sleeps is no use to a bounded pool of workers: told of the sleep, the pool can give
 * that worker's place to work that draws on another bucket, instead of queueing it behind the slowest one.
 */
public final class TokenWaits {
    /** Hears about this thread's waits; called on the waiting thread, so it must return promptly. */
    public interface Listener {
        void waiting(ThrottleBucket bucket, Duration wait);

        void resumed(ThrottleBucket bucket);

        /** A call of {@code operation} has its tokens and goes out now. */
        default void granted(AwsOperation operation) {
        }

        /**
         * A call was refused without going out: its token was {@code neededWait} away, more than the {@code maxWait}
         * a call may wait. It took no token.
         */
        default void refused(ThrottleBucket bucket, Duration neededWait, Duration maxWait) {
        }
    }

    /** Waits shorter than this are not worth a hand-over: the caller is back before another worker could start. */
    static final Duration WORTH_REPORTING = Duration.ofMillis(20);

    private static final ThreadLocal<Listener> LISTENER = new ThreadLocal<>();

    private TokenWaits() {
    }

    /** Runs {@code work} on this thread with {@code listener} told of its token waits. */
    public static <T> T reportingTo(Listener listener, Supplier<T> work) {
        Objects.requireNonNull(listener, "listener");
        Listener outer = LISTENER.get();
        LISTENER.set(listener);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                LISTENER.remove();
            } else {
                LISTENER.set(outer);
            }
        }
    }

    static void granted(AwsOperation operation) {
        Listener listener = LISTENER.get();
        if (listener != null) {
            listener.granted(operation);
        }
    }

    static void refused(ThrottleBucket bucket, Duration neededWait, Duration maxWait) {
        Listener listener = LISTENER.get();
        if (listener != null) {
            listener.refused(bucket, neededWait, maxWait);
        }
    }

    /** Sleeps {@code waitNanos}, telling this thread's listener if it has one and the wait is long enough. */
    static void around(ThrottleBucket bucket, long waitNanos, Sleeper sleeper) throws InterruptedException {
        Listener listener = LISTENER.get();
        if (listener == null || waitNanos < WORTH_REPORTING.toNanos()) {
            sleeper.sleep(waitNanos);
            return;
        }
        listener.waiting(bucket, Duration.ofNanos(waitNanos));
        try {
            sleeper.sleep(waitNanos);
        } finally {
            listener.resumed(bucket);
        }
    }
}
