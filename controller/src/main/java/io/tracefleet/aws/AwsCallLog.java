package io.tracefleet.aws;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every AWS operation the controller invoked, how it ended and how long it took. Thread-safe.
 * It feeds metrics, and the set of IAM actions used feeds the least-privilege policy test.
 * Fill it through {@link #interceptor()} on every client.
 */
public final class AwsCallLog {

    /** The outcome of a call that succeeded; failures are recorded under their error code. */
    public static final String SUCCESS = "Success";

    private static final int RECENT_CALLS_KEPT = 1000;

    /**
     * One finished call.
     *
     * @param outcome {@link #SUCCESS}, AWS's error code, or a client failure's exception class name
     * @param attempts HTTP attempts made, more than one when the SDK retried
     */
    public record CallRecord(AwsOperation operation, String outcome, int attempts, Duration latency) {
        public boolean succeeded() {
            return SUCCESS.equals(outcome);
        }
    }

    /** A counter's key. */
    public record CallKey(AwsOperation operation, String outcome) {
    }

    private final Map<CallKey, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<AwsOperation, LongAdder> attempts = new ConcurrentHashMap<>();
    private final Map<AwsOperation.Access, LongAdder> byAccess = new ConcurrentHashMap<>();
    private final Deque<CallRecord> recent = new ArrayDeque<>();
    private final CallRecordingInterceptor interceptor = new CallRecordingInterceptor(this, Ticker.system());

    /** The interceptor that records into this log; add it to every client. */
    public CallRecordingInterceptor interceptor() {
        return interceptor;
    }

    /** Attempts made under a tally, by bucket: work paid for on its own account, such as on-demand plans. */
    private final Map<ThrottleBucket, LongAdder> tallied = new ConcurrentHashMap<>();

    /** The tally open on this thread, if any: SDK clients run their interceptors on the calling thread. */
    private final ThreadLocal<Tally> tally = new ThreadLocal<>();

    /**
     * Starts counting the HTTP attempts this thread makes, by throttle bucket, until the tally is closed: what one
     * piece of work (an on-demand plan) cost, apart from whatever else runs at the same time.
     */
    public Tally tally() {
        Tally opened = new Tally(tally.get());
        tally.set(opened);
        return opened;
    }

    /** HTTP attempts of one thread's work, by throttle bucket. */
    public final class Tally implements AutoCloseable {
        private final Tally outer;
        private final Map<ThrottleBucket, Long> attempts = new ConcurrentHashMap<>();

        private Tally(Tally outer) {
            this.outer = outer;
        }

        public Map<ThrottleBucket, Long> attemptsByBucket() {
            return Map.copyOf(attempts);
        }

        @Override
        public void close() {
            tally.set(outer);
        }
    }

    void record(CallRecord call) {
        Tally innermost = tally.get();
        if (innermost != null) {
            for (ThrottleBucket bucket : AwsThrottleLimits.bucketsOf(call.operation())) {
                tallied.computeIfAbsent(bucket, k -> new LongAdder()).add(call.attempts());
            }
        }
        for (Tally open = innermost; open != null; open = open.outer) {
            for (ThrottleBucket bucket : AwsThrottleLimits.bucketsOf(call.operation())) {
                open.attempts.merge(bucket, (long) call.attempts(), Long::sum);
            }
        }
        calls.computeIfAbsent(new CallKey(call.operation(), call.outcome()), k -> new LongAdder()).increment();
        attempts.computeIfAbsent(call.operation(), k -> new LongAdder()).add(call.attempts());
        byAccess.computeIfAbsent(call.operation().access(), k -> new LongAdder()).increment();
        synchronized (recent) {
            if (recent.size() == RECENT_CALLS_KEPT) {
                recent.removeFirst();
            }
            recent.addLast(call);
        }
    }

    /** Calls of {@code operation} that ended with {@code outcome}. */
    public long calls(AwsOperation operation, String outcome) {
        LongAdder n = calls.get(new CallKey(operation, outcome));
        return n == null ? 0 : n.sum();
    }

    /** Calls of {@code operation}, whatever their outcome. */
    public long calls(AwsOperation operation) {
        return calls.entrySet().stream().filter(e -> e.getKey().operation().equals(operation))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    public long calls(AwsService service) {
        return calls.entrySet().stream().filter(e -> e.getKey().operation().service() == service)
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    public long calls(AwsOperation.Access access) {
        LongAdder n = byAccess.get(access);
        return n == null ? 0 : n.sum();
    }

    /** HTTP attempts made for {@code operation}, including the SDK's retries. */
    public long attempts(AwsOperation operation) {
        LongAdder n = attempts.get(operation);
        return n == null ? 0 : n.sum();
    }

    /** All counters, by operation and outcome. */
    public Map<CallKey, Long> counts() {
        Map<CallKey, Long> snapshot = new TreeMap<>(
                java.util.Comparator.comparing((CallKey k) -> k.operation().iamAction()).thenComparing(CallKey::outcome));
        calls.forEach((k, v) -> snapshot.put(k, v.sum()));
        return snapshot;
    }

    /** HTTP attempts by operation, including the SDK's retries. */
    public Map<AwsOperation, Long> attempts() {
        Map<AwsOperation, Long> snapshot = new TreeMap<>(java.util.Comparator.comparing(AwsOperation::iamAction));
        attempts.forEach((k, v) -> snapshot.put(k, v.sum()));
        return snapshot;
    }

    /** HTTP attempts by throttle bucket: what the rate limiter charged. */
    public Map<ThrottleBucket, Long> attemptsByBucket() {
        Map<ThrottleBucket, Long> snapshot = new java.util.HashMap<>();
        // A call that draws from two buckets (ELBv2's category and its account-wide one) counts in both.
        attempts.forEach((k, v) -> AwsThrottleLimits.bucketsOf(k)
                .forEach(bucket -> snapshot.merge(bucket, v.sum(), Long::sum)));
        return snapshot;
    }

    /**
     * HTTP attempts by throttle bucket made outside any {@link #tally()}: what the controller's own passes cost,
     * without the on-demand plans that ran meanwhile and are paid from a share of their own.
     */
    public Map<ThrottleBucket, Long> attemptsByBucketOutsideTallies() {
        Map<ThrottleBucket, Long> snapshot = attemptsByBucket();
        tallied.forEach((bucket, n) -> snapshot.merge(bucket, -n.sum(), Long::sum));
        return snapshot;
    }

    /** The distinct IAM actions invoked, e.g. {@code ecs:CreateService}, sorted. */
    public SortedSet<String> iamActions() {
        SortedSet<String> actions = new TreeSet<>();
        calls.keySet().forEach(k -> actions.add(k.operation().iamAction()));
        return actions;
    }

    /** The most recent calls, oldest first (at most a thousand). */
    public List<CallRecord> recentCalls() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
