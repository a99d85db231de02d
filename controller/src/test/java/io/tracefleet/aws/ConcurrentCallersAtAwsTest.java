package io.tracefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracefleet.testing.AwsBuckets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Many threads calling through one limiter paced to AWS's whole buckets, on a virtual clock, and the calls they send
 * replayed against AWS's buckets in full: what AWS would have throttled. The clock makes every run the same, so a
 * single throttled call is a finding, not noise.
 */
class ConcurrentCallersAtAwsTest {

    // ELB writes draw from the mutating bucket (3/s, burst 20) and from the account's (10/s, 40), reads from the
    // non-mutating bucket (10/s, 40) and the same account's.
    private static final AwsOperation CREATE_TARGET_GROUP = AwsOperation.of(AwsService.ELBV2, "CreateTargetGroup");
    private static final AwsOperation DESCRIBE_TARGET_GROUPS =
            AwsOperation.of(AwsService.ELBV2, "DescribeTargetGroups");
    private static final ThrottleBucket ELB_ACCOUNT = new ThrottleBucket(AwsService.ELBV2, "account");
    /** How long AWS takes to answer: a caller sends its next call this long after the last went out. */
    private static final long ANSWER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private record Sent(long at, AwsOperation operation) {
    }

    @Test
    void writesAsleepOnTheirOwnBucketHoldNoAccountTokenSoTheReadsAfterThemAreNotThrottled() throws Exception {
        // Ten seconds of writes alone, which spend far less of the account's bucket than its refill: AWS's bucket
        // stays full. Then reads join, as a converge lists what it created. An account token taken before the write
        // sleeps on the mutating bucket is one the limiter counts as spent while AWS, full, has not seen it yet and
        // loses the refill: the reads let through at once then find AWS's bucket short by every write still asleep.
        VirtualTime time = new VirtualTime();
        AwsRateLimiter limiter = new AwsRateLimiter(AwsThrottleLimits.documented(), 1.0,
                AwsRateLimiter.DEFAULT_MAX_WAIT, time, time);
        long start = time.nanoTime();
        long readsFrom = start + TimeUnit.SECONDS.toNanos(10);
        long end = start + TimeUnit.SECONDS.toNanos(30);
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        List<Runnable> callers = Stream.concat(
                IntStream.range(0, 8).mapToObj(i -> caller(limiter, time, CREATE_TARGET_GROUP, start, end, sent)),
                IntStream.range(0, 16).mapToObj(i -> caller(limiter, time, DESCRIBE_TARGET_GROUPS, readsFrom, end,
                        sent))).toList();

        time.run(callers);

        assertThat(throttledByAws(sent, start)).isEmpty();
        // Not a quiet run: from the reads' start, calls went out at no less than the account bucket's refill.
        long accountCalls = sent.stream().filter(s -> s.at >= readsFrom && s.at < end).count();
        assertThat(accountCalls).isGreaterThanOrEqualTo(20 * 10);
        assertThat(limiter.waitStatistics(ELB_ACCOUNT).orElseThrow().rejectedCalls()).isZero();
    }

    private static Runnable caller(AwsRateLimiter limiter, VirtualTime time, AwsOperation operation, long from,
            long until, List<Sent> sent) {
        return () -> {
            try {
                time.sleep(from - time.nanoTime());
                while (time.nanoTime() < until) {
                    limiter.acquire(operation);
                    sent.add(new Sent(time.nanoTime(), operation));
                    time.sleep(ANSWER_NANOS);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * The calls replayed in the order they reached AWS against the proxy's model of AWS's documented buckets, full at
     * {@code start}. Returns the throttled calls by the bucket that was empty.
     */
    private static Map<String, Long> throttledByAws(List<Sent> sent, long start) {
        AtomicLong now = new AtomicLong(start);
        AwsBuckets aws = AwsBuckets.of(AwsThrottleLimits.documented(), now::get);
        List<Sent> inOrder = new ArrayList<>(sent);
        inOrder.sort(Comparator.comparingLong(Sent::at));
        for (Sent call : inOrder) {
            now.set(call.at);
            aws.throttles(call.operation.service().iamPrefix(), call.operation.name());
        }
        return aws.throttledByBucket();
    }

    @Test
    void theVirtualClockMovesOnlyWhenEveryThreadSleeps() throws Exception {
        VirtualTime time = new VirtualTime();
        long start = time.nanoTime();
        List<Long> woke = Collections.synchronizedList(new ArrayList<>());
        List<Runnable> sleepers = List.of(300L, 100L, 200L).stream().<Runnable>map(millis -> () -> {
            try {
                time.sleep(TimeUnit.MILLISECONDS.toNanos(millis));
                woke.add(TimeUnit.NANOSECONDS.toMillis(time.nanoTime() - start));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).toList();

        time.run(sleepers);

        assertThat(woke).containsExactly(100L, 200L, 300L);
        assertThat(Duration.ofNanos(time.nanoTime() - start)).isEqualTo(Duration.ofMillis(300));
    }
}
