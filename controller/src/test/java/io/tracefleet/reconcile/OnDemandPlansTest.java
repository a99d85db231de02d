package io.tracefleet.reconcile;

import io.tracefleet.aws.ApiBudget;
import io.tracefleet.aws.AwsOperation;
import io.tracefleet.aws.AwsService;
import io.tracefleet.aws.ThrottleBucket;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class OnDemandPlansTest {
    private static final ThrottleBucket ECS_READS = new ThrottleBucket(AwsService.ECS, "service-read");
    /** ECS service reads: 20/s sustained; at a budget share of one half, 10/s. */
    private static final ApiBudget BUDGET = ApiBudget.documented(0.5);

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger observations = new AtomicInteger();

    private OnDemandPlans.Observer costing(long ecsReads) {
        return application -> {
            observations.incrementAndGet();
            return application.equals("unknown") ? Optional.empty()
                    : Optional.of(new OnDemandPlans.Observation(result(application), Map.of(ECS_READS, ecsReads)));
        };
    }

    @Test
    void requestsWhileAnObservationRunsShareIt() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OnDemandPlans plans = new OnDemandPlans(application -> {
            observations.incrementAndGet();
            inside.countDown();
            await().until(() -> release.getCount() == 0);
            return Optional.of(new OnDemandPlans.Observation(result(application), Map.of()));
        }, BUDGET, clock, new OnDemandPlans.Settings(Duration.ZERO, 0.1, Duration.ofSeconds(60)));

        CompletableFuture<Optional<OnDemandPlans.Answer>> first = CompletableFuture.supplyAsync(() -> plans.plan("shop"));
        inside.await();
        AtomicReference<Thread> joiner = new AtomicReference<>();
        CompletableFuture<Optional<OnDemandPlans.Answer>> second = new CompletableFuture<>();
        Thread thread = new Thread(() -> second.complete(plans.plan("shop")));
        joiner.set(thread);
        thread.start();
        await().until(() -> joiner.get().getState() == Thread.State.WAITING);
        release.countDown();

        assertThat(first.get().orElseThrow().reused()).isFalse();
        assertThat(second.get().orElseThrow().reused()).isTrue();
        assertThat(second.get().orElseThrow().result()).isSameAs(first.get().orElseThrow().result());
        assertThat(observations).hasValue(1);
    }

    @Test
    void aPlanIsAnsweredAgainForTheReusePeriodThenObservedAfresh() {
        OnDemandPlans plans = new OnDemandPlans(costing(1), BUDGET, clock,
                new OnDemandPlans.Settings(Duration.ofSeconds(10), 0.1, Duration.ofSeconds(60)));

        OnDemandPlans.Answer fresh = plans.plan("shop").orElseThrow();
        clock.advance(Duration.ofSeconds(10));
        OnDemandPlans.Answer again = plans.plan("shop").orElseThrow();
        clock.advance(Duration.ofMillis(1));
        OnDemandPlans.Answer later = plans.plan("shop").orElseThrow();

        assertThat(again.reused()).isTrue();
        assertThat(again.observedAt()).isEqualTo(fresh.observedAt());
        assertThat(later.reused()).isFalse();
        assertThat(later.observedAt()).isAfter(fresh.observedAt());
        assertThat(observations).hasValue(2);
    }

    /**
     * 20 ECS reads need 2 s of a half budget (10/s); fresh plans may use a tenth of it, so each owes 20 s. With 30 s
     * allowed ahead, the third in a row is refused until 10 s have passed, and says so.
     */
    @Test
    void freshPlansPastTheirShareOfTheBudgetAreRefusedWithTheTimeUntilOneFits() {
        OnDemandPlans plans = new OnDemandPlans(costing(20), BUDGET, clock,
                new OnDemandPlans.Settings(Duration.ZERO, 0.1, Duration.ofSeconds(30)));

        plans.plan("a");
        plans.plan("b");
        assertThatThrownBy(() -> plans.plan("c")).isInstanceOfSatisfying(OnDemandPlans.Refused.class, refused -> {
            assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(10));
            assertThat(refused.getMessage()).contains("10 s").contains("10%");
        });
        assertThat(observations).as("a refused plan calls nothing").hasValue(2);

        clock.advance(Duration.ofSeconds(10));
        assertThat(plans.plan("c")).isPresent();
        assertThat(observations).hasValue(3);
    }

    @Test
    void anUnknownApplicationCostsNothingAndIsNotKept() {
        OnDemandPlans plans = new OnDemandPlans(costing(1_000), BUDGET, clock,
                new OnDemandPlans.Settings(Duration.ofSeconds(10), 0.1, Duration.ZERO));

        assertThat(plans.plan("unknown")).isEmpty();
        assertThat(plans.plan("unknown")).isEmpty();
        assertThat(plans.plan("shop")).as("nothing owed: the unknown ones cost nothing").isPresent();
        assertThat(observations).hasValue(3);
    }

    @Test
    void atMostTwoFreshObservationsRunAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        OnDemandPlans plans = new OnDemandPlans(application -> {
            inside.incrementAndGet();
            await().until(() -> release.getCount() == 0);
            return Optional.of(new OnDemandPlans.Observation(result(application), Map.of()));
        }, BUDGET, clock, OnDemandPlans.Settings.DEFAULT);
        CompletableFuture<?> a = CompletableFuture.runAsync(() -> plans.plan("a"));
        CompletableFuture<?> b = CompletableFuture.runAsync(() -> plans.plan("b"));
        await().untilAtomic(inside, org.hamcrest.Matchers.equalTo(OnDemandPlans.MAX_RUNNING));

        assertThatThrownBy(() -> plans.plan("c")).isInstanceOf(OnDemandPlans.Refused.class);
        release.countDown();
        a.get();
        b.get();
        assertThat(plans.plan("c")).isPresent();
    }

    private static CycleResult result(String application) {
        return new CycleResult(application, Instant.parse("2026-12-03T10:00:00Z"), Duration.ofMillis(100), false,
                new Plan(application, List.of()), List.of(), Map.of());
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-03T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
