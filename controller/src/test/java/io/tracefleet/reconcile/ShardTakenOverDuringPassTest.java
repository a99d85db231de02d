package io.tracefleet.reconcile;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.RegionalAwsClients;
import io.tracefleet.resources.ResourceHandlers;
import io.tracefleet.spec.SpecsInForce;
import io.tracefleet.spec.TestSpecs;
import io.tracefleet.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shard taken over while a pass runs: its applications get their cycle in that pass, not after it and a whole pass
 * more. The pass is held open by the first application's cycle, which finishes only once the other application's
 * cycle has been recorded (or gives up after a while, and the test then fails on what the pass returned).
 */
class ShardTakenOverDuringPassTest {
    @TempDir
    Path specs;

    @Test
    void anApplicationWhoseShardIsTakenOverDuringAPassJoinsItOnceAndAfterwardsAlwaysIsInIt() throws Exception {
        for (String name : List.of("mine", "taken-over")) {
            Files.writeString(specs.resolve(name + ".yaml"), TestSpecs.minimal(name + "-web: {image: nginx, port: 80}")
                    .replace("name: shop", "name: " + name));
        }
        AtomicBoolean takenOver = new AtomicBoolean();
        WriteLease lease = new WriteLease() {
            @Override
            public boolean heldFor(String application) {
                // Nothing is written: the cycles only observe, and this test is about which cycles run.
                return false;
            }

            @Override
            public boolean observes(String application) {
                return application.equals("mine") || takenOver.get();
            }
        };
        CountDownLatch joined = new CountDownLatch(1);
        Map<String, Integer> cycles = new ConcurrentHashMap<>();
        CycleRecorder recorder = new CycleRecorder() {
            @Override
            public void passStarted(Instant at) {
            }

            @Override
            public void passCompleted(Instant at, List<CycleResult> results) {
            }

            @Override
            public void record(CycleResult result, String generation) {
                cycles.merge(result.application(), 1, Integer::sum);
                if (result.application().equals("mine") && takenOver.compareAndSet(false, true)) {
                    try {
                        joined.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else if (result.application().equals("taken-over")) {
                    joined.countDown();
                }
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
        };
        ExecutorService workers = Executors.newFixedThreadPool(2);
        // Nothing listens on port 9: every observation fails at once (one attempt), and each cycle still ends with a
        // result.
        try (RegionalAwsClients aws = new RegionalAwsClients(region -> AwsClientSettings.endpoint(
                URI.create("http://127.0.0.1:9"), region).withRetry(new AwsClientSettings.RetrySettings(1,
                Duration.ZERO, Duration.ZERO)))) {
            Reconciler reconciler = new Reconciler(new SpecsInForce(specs), aws, ResourceHandlers.all(),
                    TestKeys.KEYS, workers, recorder, Clock.systemUTC());
            reconciler.writeOnlyUnder(lease);

            List<CycleResult> first = reconciler.reconcileAll();

            assertThat(first).extracting(CycleResult::application).as("the pass the shard was taken over in")
                    .containsExactlyInAnyOrder("mine", "taken-over");
            assertThat(joined.getCount()).as("taken-over's cycle ran while mine's was still under way").isZero();
            assertThat(reconciler.reconcileAll()).extracting(CycleResult::application).as("the next pass")
                    .containsExactlyInAnyOrder("mine", "taken-over");
            assertThat(cycles).as("one cycle per application per pass").containsExactlyInAnyOrderEntriesOf(
                    Map.of("mine", 2, "taken-over", 2));
        } finally {
            workers.shutdownNow();
        }
    }
}
