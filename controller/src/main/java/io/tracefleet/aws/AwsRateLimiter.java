package io.tracefleet.aws;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Client-side rate limiting: before every HTTP attempt (so the SDK's retries pay too, as they do
 * at AWS) the caller takes a token from the bucket of its service and read/write class, sized at
 * a share of AWS's account-wide bucket so that the console, CI and other tools keep the rest.
 * A caller waits for its token at most {@code maxWait}; beyond that the call fails with
 * {@link ClientThrottledException} rather than queueing without end. The wait happens inside the
 * SDK's attempt, so the API call timeouts bound it too.
 */
public final class AwsRateLimiter implements ExecutionInterceptor {

    public static final double DEFAULT_SHARE = 0.5;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);
    /**
     * How much earlier than planned a request may reach AWS (it travels faster than the one before it) without
     * finding AWS's bucket empty: the burst keeps back what AWS refills in this time. On a loaded 2-core machine, with
     * the whole ELB account bucket (10/s) as budget, arrivals closer than the 100 ms of one token drew throttles.
     */
    public static final Duration ARRIVAL_JITTER = Duration.ofMillis(200);

    private final Map<ThrottleBucket, Limited> buckets;
    private final Map<AwsOperation, List<ThrottleBucket>> takingOrder = new ConcurrentHashMap<>();
    private final long maxWaitNanos;
    private final Sleeper sleeper;
    /** How many controllers share the account's budget now: each call costs that many of this bucket's tokens. */
    private volatile java.util.function.IntSupplier sharedAmong = () -> 1;

    public AwsRateLimiter(Map<ThrottleBucket, BucketLimit> accountLimits, double share, Duration maxWait,
            Ticker ticker, Sleeper sleeper) {
        Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait is negative: " + maxWait);
        }
        this.maxWaitNanos = maxWait.toNanos();
        this.buckets = accountLimits.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> limited(e.getValue().scaled(share, ARRIVAL_JITTER), ticker)));
    }

    /** This budget's share of AWS's documented buckets, waiting at most ten seconds, on the system clock. */
    public static AwsRateLimiter of(ApiBudget budget) {
        return new AwsRateLimiter(budget.accountLimits(), budget.share(), DEFAULT_MAX_WAIT, Ticker.system(),
                Sleeper.system());
    }

    /** AWS's documented buckets, half of each, waiting at most ten seconds, on the system clock. */
    public static AwsRateLimiter withDefaults() {
        return new AwsRateLimiter(AwsThrottleLimits.documented(), DEFAULT_SHARE, DEFAULT_MAX_WAIT,
                Ticker.system(), Sleeper.system());
    }

    /**
     * Splits the budget among the live controllers (sharding): with n of them, each call here costs n tokens, so
     * together they stay within the configured share.
     */
    public void shareAmong(java.util.function.IntSupplier controllers) {
        this.sharedAmong = Objects.requireNonNull(controllers);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AwsCallSite.operationOf(attributes).ifPresent(this::acquire);
    }

    /**
     * Takes a token for one call of {@code operation} from every bucket it draws from, waiting for each in turn if
     * need be, and returns how long it waited in all. Buckets without a configured limit pass freely.
     *
     * <p>The buckets are taken one at a time, the slowest to refill first, each after the wait for the one before:
     * AWS takes a token when a request arrives, so a token taken here before a long sleep on another bucket (an ELB
     * write waits for the mutating bucket's 3/s, and holds one of the account bucket's 10/s) is one this side counts
     * as spent while AWS's bucket has it, and if AWS's bucket is full meanwhile, its refill is lost: the calls let
     * out in the meantime then find AWS's bucket short by every sleeper's token. Each bucket bounds its own wait, so
     * a call drawing from two waits at most twice {@code maxWait}, within the SDK's attempt timeout.
     */
    public Duration acquire(AwsOperation operation) {
        long waited = 0;
        for (ThrottleBucket bucket : takingOrder.computeIfAbsent(operation, this::slowestFirst)) {
            Limited limited = buckets.get(bucket);
            // A refusal after an earlier bucket granted leaves that token taken: a call that never ran costs a
            // token, which errs on the slow side and keeps the buckets free of rollbacks.
            TokenBucket.Reservation reservation = limited.bucket.reserve(maxWaitNanos, sharedAmong.getAsInt());
            if (!reservation.granted()) {
                limited.rejected.increment();
                TokenWaits.refused(bucket, Duration.ofNanos(reservation.waitNanos()), Duration.ofNanos(maxWaitNanos));
                throw new ClientThrottledException(bucket, Duration.ofNanos(reservation.waitNanos()),
                        Duration.ofNanos(maxWaitNanos));
            }
            limited.record(reservation.waitNanos());
            if (reservation.waitNanos() > 0) {
                try {
                    TokenWaits.around(bucket, reservation.waitNanos(), sleeper);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw AbortedException.builder().message("interrupted waiting for a " + bucket + " token")
                            .cause(e).build();
                }
                waited += reservation.waitNanos();
            }
        }
        TokenWaits.granted(operation);
        return Duration.ofNanos(waited);
    }

    /** The configured buckets {@code operation} draws from, the slowest to refill first (the table's order on ties). */
    private List<ThrottleBucket> slowestFirst(AwsOperation operation) {
        return AwsThrottleLimits.bucketsOf(operation).stream().filter(buckets::containsKey)
                .sorted(Comparator.comparingDouble(bucket -> buckets.get(bucket).limit.sustainedPerSecond()))
                .toList();
    }

    /** The waits so far, per configured bucket. */
    public Map<ThrottleBucket, WaitStatistics> waitStatistics() {
        return buckets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(ThrottleBucket::toString)))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().snapshot(), (a, b) -> a,
                        LinkedHashMap::new));
    }

    public Optional<WaitStatistics> waitStatistics(ThrottleBucket bucket) {
        return Optional.ofNullable(buckets.get(bucket)).map(Limited::snapshot);
    }

    private static Limited limited(BucketLimit limit, Ticker ticker) {
        return new Limited(limit, new TokenBucket(limit, ticker));
    }

    private static final class Limited {
        final BucketLimit limit;
        final TokenBucket bucket;
        final LongAdder calls = new LongAdder();
        final LongAdder delayed = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder totalWaitNanos = new LongAdder();
        final LongAccumulator longestWaitNanos = new LongAccumulator(Math::max, 0);

        Limited(BucketLimit limit, TokenBucket bucket) {
            this.limit = limit;
            this.bucket = bucket;
        }

        void record(long waitNanos) {
            calls.increment();
            if (waitNanos > 0) {
                delayed.increment();
                totalWaitNanos.add(waitNanos);
                longestWaitNanos.accumulate(waitNanos);
            }
        }

        WaitStatistics snapshot() {
            return new WaitStatistics(calls.sum(), delayed.sum(), rejected.sum(),
                    Duration.ofNanos(totalWaitNanos.sum()), Duration.ofNanos(longestWaitNanos.get()));
        }
    }
}
