package io.tracefleet.reconcile;

import io.tracefleet.aws.ApiBudget;
import io.tracefleet.aws.AwsCallLog;
import io.tracefleet.aws.RegionalAwsClients;
import io.tracefleet.ownership.OwnershipKeys;
import io.tracefleet.resources.ResourceHandlers;
import io.tracefleet.spec.SpecsInForce;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pass asked for right after the loop starts runs after the start's own first pass: whoever asks (a test, an
 * operator's POST) sees a second look at AWS, never a race with the first.
 */
class ReconcileLoopStartTest {
    @TempDir
    Path specs;

    @RepeatedTest(20)
    void aPassAskedForAtStartRunsAfterTheFirstPass() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        ExecutorService workers = Executors.newSingleThreadExecutor();
        // No specs, so a pass makes no AWS call and no client is ever built.
        Reconciler reconciler = new Reconciler(new SpecsInForce(specs), new RegionalAwsClients(region -> {
            throw new AssertionError("no AWS call expected");
        }), ResourceHandlers.all(), OwnershipKeys.generated(), workers, new CountingRecorder(passes),
                Clock.systemUTC());
        ReconcileLoop loop = new ReconcileLoop(reconciler, specs, Duration.ofHours(1), false,
                ApiBudget.documented(0.5), new AwsCallLog(), Duration.ZERO);
        try {
            loop.start();
            loop.passNow().get(30, TimeUnit.SECONDS);

            assertThat(passes.get()).as("the start's pass, then the one asked for").isEqualTo(2);
        } finally {
            loop.stop();
            workers.shutdownNow();
        }
    }

    private record CountingRecorder(AtomicInteger passes) implements CycleRecorder {
        @Override
        public void passStarted(Instant at) {
            passes.incrementAndGet();
        }

        @Override
        public void passCompleted(Instant at, List<CycleResult> results) {
        }

        @Override
        public void record(CycleResult result, String generation) {
        }

        @Override
        public void specChanged(Instant at, String application, String reason, String message) {
        }

        @Override
        public void forget(String application) {
        }

        @Override
        public Optional<CycleResult> latest(String application) {
            return Optional.empty();
        }
    }
}
