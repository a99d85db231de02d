package io.tracefleet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracefleet.aws.AwsService;
import io.tracefleet.aws.BucketLimit;
import io.tracefleet.aws.ThrottleBucket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AwsBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private long throttledOf(AwsBuckets buckets, String service, String operation, int calls) {
        return IntStream.range(0, calls).filter(i -> buckets.throttles(service, operation)).count();
    }

    @Test
    void theBurstPassesThenCallsWaitForTheRefillAndAThrottledCallTakesNothing() {
        // ECS cluster reads: 50 at once, then 20 a second.
        AwsBuckets buckets = AwsBuckets.of(io.tracefleet.aws.AwsThrottleLimits.documented(), now::get);

        assertThat(throttledOf(buckets, "ecs", "DescribeClusters", 50)).isZero();
        assertThat(throttledOf(buckets, "ecs", "ListClusters", 5)).as("the same bucket").isEqualTo(5);
        assertThat(throttledOf(buckets, "ecs", "DescribeServices", 100)).as("another bucket").isZero();

        now.addAndGet(250_000_000L); // a quarter second: 5 tokens
        assertThat(throttledOf(buckets, "ecs", "DescribeClusters", 6)).isEqualTo(1);

        now.addAndGet(60_000_000_000L); // a minute refills only up to the capacity
        assertThat(throttledOf(buckets, "ecs", "DescribeClusters", 51)).isEqualTo(1);
        assertThat(buckets.throttledByBucket()).containsEntry("ecs/cluster-read", 7L);
    }

    @Test
    void theLevelsSayWhatEachBucketHoldsNow() {
        AwsBuckets buckets = AwsBuckets.of(io.tracefleet.aws.AwsThrottleLimits.documented(), now::get);
        ThrottleBucket clusterRead = new ThrottleBucket(AwsService.ECS, "cluster-read");
        ThrottleBucket elbAccount = new ThrottleBucket(AwsService.ELBV2, "account");
        assertThat(buckets.levels()).containsEntry(clusterRead, 50.0).containsEntry(elbAccount, 40.0);

        throttledOf(buckets, "ecs", "DescribeClusters", 45);
        throttledOf(buckets, "elasticloadbalancing", "DescribeTags", 40);
        assertThat(buckets.levels()).containsEntry(clusterRead, 5.0).containsEntry(elbAccount, 0.0);

        now.addAndGet(500_000_000L); // half a second: 10 cluster reads, 5 ELB calls
        assertThat(buckets.levels().get(clusterRead)).isCloseTo(15.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(buckets.levels().get(elbAccount)).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void anElbv2CallNeedsATokenInItsCategoryAndInTheAccountWideBucket() {
        AwsBuckets buckets = AwsBuckets.of(io.tracefleet.aws.AwsThrottleLimits.documented(), now::get);

        // 20 mutating calls empty their bucket and take 20 of the account's 40.
        assertThat(throttledOf(buckets, "elasticloadbalancing", "CreateRule", 21)).isEqualTo(1);
        assertThat(throttledOf(buckets, "elasticloadbalancing", "DescribeRules", 21)).as("the account's 20 left")
                .isEqualTo(1);
        assertThat(buckets.throttledByBucket()).containsOnlyKeys("elasticloadbalancing/mutating",
                "elasticloadbalancing/account");
    }

    @Test
    void servicesWithoutABucketAreNeverThrottled() {
        AwsBuckets buckets = AwsBuckets.of(Map.of(new ThrottleBucket(AwsService.ECS, "cluster-read"),
                new BucketLimit(1, 1)), now::get);

        assertThat(throttledOf(buckets, "dynamodb", "GetItem", 100)).isZero();
        assertThat(throttledOf(buckets, "ecs", "DescribeServices", 100)).as("not in this table").isZero();
        assertThat(throttledOf(buckets, "ecs", "DescribeClusters", 2)).isEqualTo(1);
    }
}
