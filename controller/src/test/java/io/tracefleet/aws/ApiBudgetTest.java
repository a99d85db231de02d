package io.tracefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiBudgetTest {
    private static final ThrottleBucket ECS_READ = new ThrottleBucket(AwsService.ECS, "read");
    private static final ThrottleBucket ELB_READ = new ThrottleBucket(AwsService.ELBV2, "read");
    private static final ThrottleBucket LOGS_READ = new ThrottleBucket(AwsService.LOGS, "read");
    private static final Map<ThrottleBucket, BucketLimit> LIMITS = Map.of(
            ECS_READ, new BucketLimit(20, 100), ELB_READ, new BucketLimit(10, 40));

    @Test
    void theSlowestBucketSetsTheFloorAtTheShareOfItsSustainedRate() {
        ApiBudget half = new ApiBudget(LIMITS, 0.5);

        // 100 ECS reads at 10/s take 10 s; 60 ELB reads at 5/s take 12 s: ELB is the bottleneck.
        ApiBudget.Floor floor = half.floor(Map.of(ECS_READ, 100L, ELB_READ, 60L));

        assertThat(floor.duration()).isEqualTo(Duration.ofSeconds(12));
        assertThat(floor.bottleneck()).contains(ELB_READ);
        assertThat(floor.calls()).isEqualTo(60);
        assertThat(floor.perSecond()).isEqualTo(5.0);
    }

    @Test
    void aBucketWithoutAKnownLimitOrWithoutCallsCostsNothing() {
        ApiBudget full = new ApiBudget(LIMITS, 1.0);

        assertThat(full.floor(Map.of(LOGS_READ, 1_000L, ECS_READ, 0L)).duration()).isZero();
        assertThat(full.floor(Map.of()).bottleneck()).isEmpty();
    }

    @Test
    void aPassThatFitsKeepsTheConfiguredInterval() {
        ApiBudget half = new ApiBudget(LIMITS, 0.5);

        // 300 ECS reads at 10/s: exactly 30 s, which still fits a 30 s interval.
        ApiBudget.Resync resync = half.resync(Duration.ofSeconds(30), Map.of(ECS_READ, 300L));

        assertThat(resync.effective()).isEqualTo(Duration.ofSeconds(30));
        assertThat(resync.stretched()).isFalse();
        assertThat(resync.reason()).isEmpty();
    }

    @Test
    void aPassThatDoesNotFitStretchesTheIntervalAndSaysWhy() {
        ApiBudget half = new ApiBudget(LIMITS, 0.5);

        ApiBudget.Resync resync = half.resync(Duration.ofSeconds(30), Map.of(ECS_READ, 301L, ELB_READ, 10L));

        assertThat(resync.configured()).isEqualTo(Duration.ofSeconds(30));
        assertThat(resync.effective()).isEqualTo(Duration.ofMillis(30_100));
        assertThat(resync.reason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("301 ecs/read calls").contains("50% of AWS's 20/s").contains("10.00/s"));
    }

    @Test
    void aSmallerShareStretchesFurther() {
        Map<ThrottleBucket, Long> pass = Map.of(ECS_READ, 400L);

        assertThat(new ApiBudget(LIMITS, 1.0).resync(Duration.ofSeconds(30), pass).effective())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(new ApiBudget(LIMITS, 0.25).resync(Duration.ofSeconds(30), pass).effective())
                .isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void fromFullBucketsTheBurstGoesAtOnceAndOnlyTheRestWaitsForTheRefill() {
        // ELB reads at the whole rate: 40 at once, then 10/s: 60 calls need 2 s; ECS's 100 fit its burst of 100.
        ApiBudget.Floor whole = new ApiBudget(LIMITS, 1.0).floorFromFull(Map.of(ECS_READ, 100L, ELB_READ, 60L));
        assertThat(whole.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(whole.bottleneck()).contains(ELB_READ);

        // At half: ELB 20 at once, then 5/s: 40 more take 8 s; ECS 50 at once, then 10/s: 50 more take 5 s.
        ApiBudget.Floor half = new ApiBudget(LIMITS, 0.5).floorFromFull(Map.of(ECS_READ, 100L, ELB_READ, 60L));
        assertThat(half.duration()).isEqualTo(Duration.ofSeconds(8));

        ApiBudget.Floor withinBurst = new ApiBudget(LIMITS, 1.0).floorFromFull(Map.of(ECS_READ, 30L));
        assertThat(withinBurst.duration()).isZero();
        assertThat(withinBurst.bottleneck()).contains(ECS_READ);
    }

    @Test
    void fromDrainedBucketsOnlyWhatTheyHoldGoesAtOnce() {
        // ELB reads hold 40 when full: 60 calls need 2 s; right after a converge left 5, they need 5.5 s.
        ApiBudget whole = new ApiBudget(LIMITS, 1.0);
        Map<ThrottleBucket, Long> pass = Map.of(ECS_READ, 100L, ELB_READ, 60L);

        ApiBudget.Floor drained = whole.floorFrom(Map.of(ELB_READ, 5.0), pass);
        assertThat(drained.duration()).isEqualTo(Duration.ofMillis(5_500));
        assertThat(drained.bottleneck()).contains(ELB_READ);

        // A bucket not named is full; one named above its capacity still holds only its capacity.
        assertThat(whole.floorFrom(Map.of(), pass)).isEqualTo(whole.floorFromFull(pass));
        assertThat(whole.floorFrom(Map.of(ELB_READ, 1000.0), pass).duration()).isEqualTo(Duration.ofSeconds(2));

        // An empty ECS bucket makes ECS the slower one: 100 calls at 20/s.
        ApiBudget.Floor ecsEmpty = whole.floorFrom(Map.of(ECS_READ, 0.0), pass);
        assertThat(ecsEmpty.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ecsEmpty.bottleneck()).contains(ECS_READ);
    }

    @Test
    void theShareMustBeAPartOfTheBucket() {
        assertThatThrownBy(() -> new ApiBudget(LIMITS, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApiBudget(LIMITS, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
