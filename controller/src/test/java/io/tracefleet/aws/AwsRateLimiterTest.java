package io.tracefleet.aws;

import static io.tracefleet.aws.FakeAwsEndpoint.json;
import static io.tracefleet.aws.FakeAwsEndpoint.jsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;

@ExtendWith(QuietSdkLogging.class)
class AwsRateLimiterTest {

    // Cluster reads: ECS's bucket of 50, refilled at 20/s.
    private static final AwsOperation DESCRIBE_CLUSTERS = AwsOperation.of(AwsService.ECS, "DescribeClusters");
    private static final AwsOperation DESCRIBE_LOAD_BALANCERS =
            AwsOperation.of(AwsService.ELBV2, "DescribeLoadBalancers");
    private static final ThrottleBucket ECS_READ = new ThrottleBucket(AwsService.ECS, "cluster-read");

    private final FakeClock clock = new FakeClock();

    private AwsRateLimiter limiter(Map<ThrottleBucket, BucketLimit> limits, double share, Duration maxWait) {
        return new AwsRateLimiter(limits, share, maxWait, clock, clock);
    }

    private List<Long> waitsMillis(AwsRateLimiter limiter, AwsOperation operation, int calls) {
        return IntStream.range(0, calls).mapToObj(i -> limiter.acquire(operation).toMillis()).toList();
    }

    @Test
    void halfOfEcsClusterReadBucketPassesTheBurstFreeThenPacesAtHalfTheSustainedRate() {
        // ECS cluster reads: 20/s, burst 50 -> our half: 10/s, burst 25. The clock stands still here, so
        // each wait is counted from the same instant.
        AwsRateLimiter limiter = new AwsRateLimiter(AwsThrottleLimits.documented(), 0.5, Duration.ofMinutes(1),
                clock, (nanos) -> { });

        List<Long> waits = waitsMillis(limiter, DESCRIBE_CLUSTERS, 28);

        assertThat(waits.subList(0, 25)).containsOnly(0L);
        assertThat(waits.subList(25, 28)).containsExactly(100L, 200L, 300L);
        assertThat(limiter.waitStatistics(ECS_READ)).hasValueSatisfying(s -> {
            assertThat(s.calls()).isEqualTo(28);
            assertThat(s.delayedCalls()).isEqualTo(3);
            assertThat(s.totalWait()).isEqualTo(Duration.ofMillis(600));
            assertThat(s.longestWait()).isEqualTo(Duration.ofMillis(300));
        });
    }

    @Test
    void sharedAmongThreeControllersEachPacesAtAThirdOfTheShare() {
        // Our half of ECS cluster reads: 10/s, burst 25 tokens. Three controllers on the account: a call costs three.
        AwsRateLimiter limiter = new AwsRateLimiter(AwsThrottleLimits.documented(), 0.5, Duration.ofMinutes(1),
                clock, (nanos) -> { });
        limiter.shareAmong(() -> 3);

        List<Long> waits = waitsMillis(limiter, DESCRIBE_CLUSTERS, 11);

        assertThat(waits.subList(0, 8)).as("a third of the burst").containsOnly(0L);
        assertThat(waits.subList(8, 11)).as("then 10/3 calls a second").containsExactly(200L, 500L, 800L);
    }

    @Test
    void elbv2DescribesGetHalfOfTenPerSecondWithBurstForty() {
        // Each describe draws from ELB's non-mutating bucket and its account bucket, both 10/s and 40; the clock
        // moves as the caller sleeps, as it does for a real one.
        AwsRateLimiter limiter = limiter(AwsThrottleLimits.documented(), 0.5, Duration.ofMinutes(1));

        List<Long> waits = waitsMillis(limiter, DESCRIBE_LOAD_BALANCERS, 22);

        assertThat(waits.subList(0, 20)).containsOnly(0L);
        assertThat(waits.subList(20, 22)).as("one each 200 ms: the account's token is there after the first sleep")
                .containsExactly(200L, 200L);
    }

    @Test
    void aCallDrawingFromTwoBucketsTakesTheFasterOnesTokenOnlyAfterSleepingForTheSlowerOne() {
        // An ELB write: the mutating bucket (half: 1.5/s, 10) and the account's (half: 5/s, 20).
        AwsRateLimiter limiter = limiter(AwsThrottleLimits.documented(), 0.5, Duration.ofMinutes(1));
        AwsOperation createTargetGroup = AwsOperation.of(AwsService.ELBV2, "CreateTargetGroup");
        waitsMillis(limiter, createTargetGroup, 10); // the mutating burst, and half the account's
        clock.advanceMillis(2_000); // the account's bucket full again, the mutating one 3 tokens
        assertThat(waitsMillis(limiter, createTargetGroup, 3)).containsOnly(0L);

        assertThat(limiter.acquire(createTargetGroup)).isEqualTo(Duration.ofNanos(666_666_667));

        // The account held 17 tokens when the write began to sleep and would have reached 20.33 by its end, but a
        // bucket holds 20: as at AWS, the write's token comes out of the full bucket, leaving 19. (Taken before the
        // sleep, it would have left 19.33, a third of a token AWS does not have.)
        assertThat(waitsMillis(limiter, DESCRIBE_LOAD_BALANCERS, 19)).containsOnly(0L);
        assertThat(limiter.acquire(DESCRIBE_LOAD_BALANCERS)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void tokensComeBackAtTheSustainedRateAndNeverBeyondTheBurst() {
        // Half of 20/s and 10: 10/s and 5.
        AwsRateLimiter limiter = limiter(Map.of(ECS_READ, new BucketLimit(20, 10)), 0.5, Duration.ofMinutes(1));
        waitsMillis(limiter, DESCRIBE_CLUSTERS, 5);

        clock.advanceMillis(300);
        assertThat(waitsMillis(limiter, DESCRIBE_CLUSTERS, 4)).containsExactly(0L, 0L, 0L, 100L);

        clock.advanceMillis(60_000); // a minute idle refills only up to the burst
        assertThat(waitsMillis(limiter, DESCRIBE_CLUSTERS, 6)).containsExactly(0L, 0L, 0L, 0L, 0L, 100L);
    }

    @Test
    void theWholeBucketAsBudgetKeepsBackWhatArrivesEarlyWithinTheJitter() {
        // ELB describes at all of AWS's 10/s and 40: 200 ms of refill (2 tokens) stay AWS's, so 38 pass at once.
        AwsRateLimiter whole = limiter(AwsThrottleLimits.documented(), 1.0, Duration.ofMinutes(1));
        List<Long> waits = waitsMillis(whole, DESCRIBE_LOAD_BALANCERS, 40);
        assertThat(waits.subList(0, 38)).containsOnly(0L);
        assertThat(waits.subList(38, 40)).containsExactly(100L, 100L);

        // ECS task definition registrations (1/s, 20): a fifth of a token kept back; a bucket of one keeps its one.
        AwsRateLimiter registrations = limiter(Map.of(new ThrottleBucket(AwsService.ECS, "task-definition-modify"),
                new BucketLimit(1, 20), ECS_READ, new BucketLimit(10, 1)), 1.0, Duration.ofMinutes(1));
        assertThat(waitsMillis(registrations, AwsOperation.of(AwsService.ECS, "RegisterTaskDefinition"), 20)
                .subList(18, 20)).containsExactly(0L, 200L);
        assertThat(waitsMillis(registrations, DESCRIBE_CLUSTERS, 2)).containsExactly(0L, 100L);
    }

    @Test
    void pacedToTheWholeBucketRequestsArrivingUpToTheJitterEarlyAreNeverThrottled() {
        BucketLimit aws = new BucketLimit(10, 40); // ELB's account bucket
        AwsRateLimiter limiter = limiter(Map.of(new ThrottleBucket(AwsService.ELBV2, "account"), aws), 1.0,
                Duration.ofMinutes(1));
        assertThat(throttledAtAws(aws, () -> limiter.acquire(DESCRIBE_LOAD_BALANCERS))).isZero();

        // Paced to AWS's whole burst, as the limiter was: the same arrivals find AWS's bucket empty.
        TokenBucket whole = new TokenBucket(aws, clock);
        assertThat(throttledAtAws(aws, () -> clock.sleep(whole.reserve(Long.MAX_VALUE).waitNanos()))).isPositive();
    }

    /**
     * Requests sent as {@code acquire} lets them (on the fake clock), the first hundred on their way for the whole
     * jitter and the rest for none: where the delay drops, requests arrive closest together. Returns how many of
     * them AWS's bucket, full at the first send, would have throttled.
     */
    private long throttledAtAws(BucketLimit aws, Runnable acquire) {
        long jitter = AwsRateLimiter.ARRIVAL_JITTER.toNanos();
        List<Long> arrivals = new ArrayList<>();
        long start = clock.nanoTime();
        for (int i = 0; i < 300; i++) {
            acquire.run();
            arrivals.add(clock.nanoTime() + (i < 100 ? jitter : 0));
        }
        Collections.sort(arrivals);
        double level = aws.burst();
        long at = start;
        long throttled = 0;
        for (long arrived : arrivals) {
            level = Math.min(aws.burst(), level + (arrived - at) / 1e9 * aws.sustainedPerSecond());
            at = arrived;
            if (level < 1 - 1e-9) {
                throttled++;
            } else {
                level -= 1;
            }
        }
        return throttled;
    }

    @Test
    void waitsAreSleptOnTheInjectedSleeperAndReadsAndWritesUseSeparateBuckets() {
        AwsRateLimiter limiter = limiter(Map.of(ECS_READ, new BucketLimit(4, 1),
                new ThrottleBucket(AwsService.ECS, "service-modify"), new BucketLimit(1, 1)), 1.0,
                Duration.ofMinutes(1));

        limiter.acquire(DESCRIBE_CLUSTERS);
        limiter.acquire(AwsOperation.of(AwsService.ECS, "CreateService"));
        limiter.acquire(DESCRIBE_CLUSTERS);
        limiter.acquire(AwsOperation.of(AwsService.ECS, "UpdateService"));

        // The read waited a quarter second; the write then waited what was left of its second.
        assertThat(clock.sleepsMillis()).containsExactly(250L, 750L);
    }

    @Test
    void aWaitBeyondTheBoundIsRefusedWithoutTakingAToken() {
        AwsRateLimiter limiter = limiter(Map.of(ECS_READ, new BucketLimit(10, 1)), 1.0, Duration.ofMillis(150));
        limiter.acquire(DESCRIBE_CLUSTERS);
        limiter.acquire(DESCRIBE_CLUSTERS); // waits 100 ms, the clock moves on with it

        assertThat(limiter.acquire(DESCRIBE_CLUSTERS)).isEqualTo(Duration.ofMillis(100));
        clock.advanceMillis(-100);
        Throwable refused = catchThrowable(() -> limiter.acquire(DESCRIBE_CLUSTERS));

        assertThat(refused).isInstanceOf(ClientThrottledException.class).hasMessageContaining("ecs/cluster-read");
        assertThat(AwsErrors.classify(refused)).isEqualTo(AwsErrorKind.THROTTLED);
        assertThat(limiter.waitStatistics(ECS_READ).orElseThrow().rejectedCalls()).isEqualTo(1);
        clock.advanceMillis(100); // the refusal took nothing: the next call waits as it would have
        assertThat(limiter.acquire(DESCRIBE_CLUSTERS)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void concurrentCallersEachGetADistinctPlaceInTheQueue() throws Exception {
        TokenBucket bucket = new TokenBucket(new BucketLimit(10, 25), clock);
        int threads = 8;
        int perThread = 500;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<Long>> caller = () -> {
                    start.await();
                    List<Long> waits = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        waits.add(bucket.reserve(Long.MAX_VALUE).waitNanos());
                    }
                    return waits;
                };
                results.add(pool.submit(caller));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                all.addAll(result.get());
            }
            Collections.sort(all);

            // With the clock still, 25 pass at once and then every caller waits 100 ms longer
            // than the one before it: no token handed out twice, none lost.
            List<Long> expected = LongStream.range(0, threads * perThread)
                    .map(i -> Math.max(0, i - 24) * 100_000_000L).boxed().toList();
            assertThat(all).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theInterceptorPacesRealSdkCallsAndChargesTheSdksRetries() throws IOException {
        // Half of 8/s and 4: 4/s and 2.
        AwsRateLimiter limiter = limiter(Map.of(ECS_READ, new BucketLimit(8, 4)), 0.5, Duration.ofSeconds(5));
        try (FakeAwsEndpoint fake = new FakeAwsEndpoint();
                AwsClients aws = AwsClients.create(AwsClientSettings.endpoint(fake.uri(), Region.EU_WEST_1)
                        .withRetry(AwsClientsTest.QUICK_RETRIES).withInterceptors(limiter))) {
            fake.on("DescribeClusters", jsonError(400, "ThrottlingException", "Rate exceeded"),
                    json("{\"clusters\":[],\"failures\":[]}"));

            aws.ecs().describeClusters(); // throttled once by the fake, retried by the SDK
            aws.ecs().describeClusters();
            aws.ecs().describeClusters();

            assertThat(fake.seen("DescribeClusters")).hasSize(4);
            assertThat(clock.sleepsMillis()).containsExactly(250L, 250L);
            WaitStatistics stats = limiter.waitStatistics(ECS_READ).orElseThrow();
            assertThat(stats.calls()).isEqualTo(4);
            assertThat(stats.delayedCalls()).isEqualTo(2);
            assertThat(stats.totalWait()).isEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void aRefusedSdkCallFailsAsThrottledWithoutReachingAws() throws IOException {
        AwsRateLimiter limiter = limiter(Map.of(ECS_READ, new BucketLimit(1, 1)), 1.0, Duration.ofMillis(100));
        try (FakeAwsEndpoint fake = new FakeAwsEndpoint();
                AwsClients aws = AwsClients.create(AwsClientSettings.endpoint(fake.uri(), Region.EU_WEST_1)
                        .withRetry(AwsClientsTest.QUICK_RETRIES).withInterceptors(limiter))) {
            fake.on("DescribeClusters", json("{\"clusters\":[],\"failures\":[]}"));
            aws.ecs().describeClusters();

            Throwable refused = catchThrowable(() -> aws.ecs().describeClusters());

            assertThat(AwsErrors.classify(refused)).isEqualTo(AwsErrorKind.THROTTLED);
            assertThat(AwsErrors.describe(refused)).startsWith("ECS DescribeClusters: ClientThrottledException: ");
            assertThat(fake.seen("DescribeClusters")).hasSize(1);
        }
    }

    @Test
    void servicesWithoutABucketPassFreely() {
        AwsRateLimiter limiter = limiter(Map.of(), 0.5, Duration.ZERO);

        assertThat(limiter.acquire(DESCRIBE_CLUSTERS)).isZero();
        assertThat(limiter.waitStatistics()).isEmpty();
        assertThatThrownBy(() -> new BucketLimit(10, 10).scaled(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new BucketLimit(10, 1).scaled(0.5)).isEqualTo(new BucketLimit(5, 1));
    }

    @Test
    void aThreadsListenerHearsOfEachWaitWorthHandingOverAndOfItsEndEvenWhenInterrupted() {
        // Our half of ECS cluster reads: burst 25 free, then 100 ms apart; the clock stands still.
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        TokenWaits.Listener listener = new TokenWaits.Listener() {
            @Override
            public void waiting(ThrottleBucket bucket, Duration wait) {
                heard.add("waiting " + bucket + " " + wait.toMillis());
            }

            @Override
            public void resumed(ThrottleBucket bucket) {
                heard.add("resumed " + bucket);
            }
        };
        List<Boolean> interruptNext = new ArrayList<>(List.of(false));
        AwsRateLimiter limiter = new AwsRateLimiter(AwsThrottleLimits.documented(), 0.5, Duration.ofMinutes(1),
                clock, nanos -> {
                    if (interruptNext.get(0)) {
                        throw new InterruptedException("stopping");
                    }
                });

        TokenWaits.reportingTo(listener, () -> waitsMillis(limiter, DESCRIBE_CLUSTERS, 26));
        interruptNext.set(0, true);
        Throwable interrupted = catchThrowable(() -> TokenWaits.reportingTo(listener,
                () -> limiter.acquire(DESCRIBE_CLUSTERS)));
        Thread.interrupted();
        interruptNext.set(0, false);
        limiter.acquire(DESCRIBE_CLUSTERS); // no listener on this thread any more: nobody hears of it

        assertThat(interrupted).isInstanceOf(software.amazon.awssdk.core.exception.AbortedException.class);
        assertThat(heard).as("the 25 calls of the burst did not wait").containsExactly(
                "waiting ecs/cluster-read 100", "resumed ecs/cluster-read",
                "waiting ecs/cluster-read 200", "resumed ecs/cluster-read");
    }

    @Test
    void aWaitTooShortToHandOverIsNotReported() {
        // 100 tokens a second, one at a time, the clock standing still: waits of 10, 20 and 30 ms.
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        AwsRateLimiter limiter = new AwsRateLimiter(Map.of(ECS_READ, new BucketLimit(100, 1)), 1.0,
                Duration.ofMinutes(1), clock, nanos -> { });
        TokenWaits.Listener listener = new TokenWaits.Listener() {
            @Override
            public void waiting(ThrottleBucket bucket, Duration wait) {
                heard.add("waiting " + wait.toMillis());
            }

            @Override
            public void resumed(ThrottleBucket bucket) {
                heard.add("resumed");
            }
        };

        List<Long> waits = TokenWaits.reportingTo(listener, () -> waitsMillis(limiter, DESCRIBE_CLUSTERS, 4));

        assertThat(waits).containsExactly(0L, 10L, 20L, 30L);
        assertThat(heard).containsExactly("waiting 20", "resumed", "waiting 30", "resumed");
    }

    @Test
    void theListenerOfTheCallingThreadHearsOfARealSdkCallsWait() throws IOException {
        // What lets a resource worker give its place away: the SDK runs the interceptor on the thread that made the
        // call, so the listener that worker installed is the one told.
        AwsRateLimiter limiter = limiter(Map.of(ECS_READ, new BucketLimit(4, 1)), 1.0, Duration.ofSeconds(5));
        List<String> heard = Collections.synchronizedList(new ArrayList<>());
        TokenWaits.Listener listener = new TokenWaits.Listener() {
            @Override
            public void waiting(ThrottleBucket bucket, Duration wait) {
                heard.add(Thread.currentThread().getName() + " waits " + wait.toMillis() + " ms for " + bucket);
            }

            @Override
            public void resumed(ThrottleBucket bucket) {
                heard.add(Thread.currentThread().getName() + " resumed");
            }
        };
        try (FakeAwsEndpoint fake = new FakeAwsEndpoint();
                AwsClients aws = AwsClients.create(AwsClientSettings.endpoint(fake.uri(), Region.EU_WEST_1)
                        .withInterceptors(limiter))) {
            fake.on("DescribeClusters", json("{\"clusters\":[],\"failures\":[]}"));

            TokenWaits.reportingTo(listener, () -> aws.ecs().describeClusters()); // the bucket's one token
            TokenWaits.reportingTo(listener, () -> aws.ecs().describeClusters());
            aws.ecs().describeClusters(); // waits too, with no listener installed

            String self = Thread.currentThread().getName();
            assertThat(clock.sleepsMillis()).containsExactly(250L, 250L);
            assertThat(heard).containsExactly(self + " waits 250 ms for ecs/cluster-read", self + " resumed");
        }
    }
}
