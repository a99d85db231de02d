package io.tracefleet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracefleet.aws.AwsCallLog;
import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.aws.AwsErrorKind;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.aws.AwsOperation;
import io.tracefleet.aws.AwsRateLimiter;
import io.tracefleet.aws.AwsService;
import io.tracefleet.aws.AwsThrottleLimits;
import io.tracefleet.aws.BucketLimit;
import io.tracefleet.aws.Sleeper;
import io.tracefleet.aws.ThrottleBucket;
import io.tracefleet.aws.Ticker;
import io.tracefleet.local.LocalAws;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The proxy throttling as AWS does, by the same buckets the controller's limiter paces to: the SDK sees each
 * service's own throttling error and retries it; the limiter at the same figures is never throttled.
 */
@ExtendWith(MotoExtension.class)
class AwsBucketsIT {

    private AwsProxy proxy;

    @BeforeEach
    void startProxy(LocalAws moto) {
        proxy = AwsProxy.start(moto.endpoint());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    /** Every bucket of the table holding one token and refilling one in a thousand seconds. */
    private static Map<ThrottleBucket, BucketLimit> oneTokenEach() {
        return AwsThrottleLimits.documented().keySet().stream()
                .collect(Collectors.toMap(b -> b, b -> new BucketLimit(0.001, 1)));
    }

    @ParameterizedTest
    @MethodSource("io.tracefleet.testing.AwsProxyIT#everyService")
    void anEmptyBucketAnswersWithTheServicesOwnThrottlingErrorWhichTheSdkCallsThrottling(AwsProxyIT.Throttled call) {
        proxy.throttleLikeAws(AwsBuckets.of(oneTokenEach()));
        try (AwsClients once = TestAwsClients.immediateRetries(proxy.endpoint(), MotoExtension.REGION, 1)) {
            call.call().accept(once);

            assertThatThrownBy(() -> call.call().accept(once))
                    .isInstanceOf(call.exception())
                    .isInstanceOfSatisfying(AwsServiceException.class, error -> {
                        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(call.code());
                        assertThat(error.statusCode()).isEqualTo(call.status());
                        assertThat(error.isThrottlingException()).isTrue();
                        assertThat(AwsErrors.classify(error)).isEqualTo(AwsErrorKind.THROTTLED);
                    });
        }
        assertThat(proxy.calls().of(call.service(), call.operation()))
                .extracting(AwsCall::status).containsExactly(200, call.status());
    }

    /**
     * AWS's table at a tenth of every rate and capacity (at least one token): moto answers some tens of calls a
     * second on a shared machine, too few to empty AWS's own buckets, so both sides here use these figures.
     */
    private static final Map<ThrottleBucket, BucketLimit> TENTH = AwsThrottleLimits.documented().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().scaled(0.1)));

    /** Runs {@code calls} on {@code threads} threads at once and waits for all of them. */
    private static void concurrently(int threads, java.util.List<Runnable> calls) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (java.util.concurrent.Future<?> done : pool.invokeAll(calls.stream()
                    .map(java.util.concurrent.Executors::callable).toList())) {
                done.get();
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static java.util.List<Runnable> times(int n, Runnable call) {
        return java.util.Collections.nCopies(n, call);
    }

    @Test
    void aBurstBeyondTheBucketIsThrottledAndTheSdkRetriesUntilItPasses() {
        AwsBuckets buckets = AwsBuckets.of(TENTH);
        proxy.throttleLikeAws(buckets);
        AwsCallLog log = new AwsCallLog();
        // The SDK's standard retries, with room enough for four callers sharing 2 tokens a second: with jittered
        // backoff one caller can lose the race for a fresh token many times running (12 attempts ran out once).
        AwsClientSettings settings = AwsClientSettings.endpoint(proxy.endpoint(), MotoExtension.REGION)
                .withRetry(new AwsClientSettings.RetrySettings(40, Duration.ofMillis(50), Duration.ofSeconds(1)))
                .withInterceptors(log.interceptor());
        try (AwsClients aws = AwsClients.create(settings)) {
            concurrently(4, times(20, () -> aws.ecs().describeClusters()));
        }

        AwsOperation describe = AwsOperation.of(AwsService.ECS, "DescribeClusters");
        long throttled = proxy.calls().of("ecs", "DescribeClusters").stream()
                .filter(call -> call.fault().isPresent()).count();
        System.out.printf("20 DescribeClusters from 4 threads at a 5-token, 2/s bucket: %d attempts "
                + "throttled and retried%n", throttled);
        assertThat(throttled).as("four callers ask faster than 2 a second").isPositive();
        assertThat(buckets.throttledByBucket()).containsOnlyKeys("ecs/cluster-read");
        assertThat(log.calls(describe, AwsCallLog.SUCCESS)).isEqualTo(20);
        assertThat(log.attempts(describe)).as("every throttled attempt was the SDK's, retried")
                .isEqualTo(20 + throttled);
    }

    @Test
    void theControllersLimiterAtTheSameFiguresWithATenthSpareIsNeverThrottled() {
        AwsBuckets buckets = AwsBuckets.of(TENTH);
        proxy.throttleLikeAws(buckets);
        // The same figures at 90 %: AWS takes a token when a request arrives, the limiter when it sends one, and a
        // call that travels faster than the one before it arrives early by that difference. At exactly 100 %
        // that jitter alone gets an occasional call throttled (seen here with one-token buckets); a tenth spare
        // absorbs it.
        AwsRateLimiter limiter = new AwsRateLimiter(TENTH, 0.9, Duration.ofSeconds(30),
                Ticker.system(), Sleeper.system());
        try (AwsClients aws = AwsClients.create(TestAwsClients.withImmediateRetries(
                AwsClientSettings.endpoint(proxy.endpoint(), MotoExtension.REGION), 1).withInterceptors(limiter))) {
            java.util.List<Runnable> calls = new java.util.ArrayList<>();
            calls.addAll(times(20, () -> aws.ecs().describeClusters()));
            calls.addAll(times(12, () -> aws.elbv2().describeLoadBalancers()));
            calls.addAll(times(4, () -> aws.logs().describeLogGroups()));
            java.util.Collections.shuffle(calls, new java.util.Random(7));
            concurrently(8, calls);
        }

        assertThat(buckets.throttled()).isZero();
        assertThat(proxy.calls().calls()).hasSize(36).allSatisfy(call -> assertThat(call.status()).isEqualTo(200));
        assertThat(limiter.waitStatistics()).as("the limiter did pace: calls beyond each burst waited")
                .hasEntrySatisfying(new ThrottleBucket(AwsService.ECS, "cluster-read"),
                        s -> assertThat(s.delayedCalls()).isPositive())
                // An ELB describe takes its non-mutating token first and its account token after that wait; both
                // refill alike, so the wait falls on the first.
                .hasEntrySatisfying(new ThrottleBucket(AwsService.ELBV2, "non-mutating"),
                        s -> assertThat(s.delayedCalls()).isPositive())
                .hasEntrySatisfying(new ThrottleBucket(AwsService.LOGS, "DescribeLogGroups"),
                        s -> assertThat(s.delayedCalls()).isPositive());
    }
}
