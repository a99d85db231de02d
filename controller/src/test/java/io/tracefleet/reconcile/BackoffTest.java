package io.tracefleet.reconcile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    private static final Duration FIRST = Duration.ofSeconds(1);
    private static final Duration CAP = Duration.ofSeconds(30);

    @Test
    void doublesPerAttemptWithinJitterAndStopsAtTheCap() {
        Random random = new Random(7);
        for (int attempt = 0; attempt < 40; attempt++) {
            long ceiling = Math.min(1000L << Math.min(attempt, 20), CAP.toMillis());
            for (int i = 0; i < 50; i++) {
                assertThat(Backoff.delay(attempt, FIRST, CAP, random)).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void isRandomSoRetriesSpreadOut() {
        Random random = new Random(11);
        long first = Backoff.delay(4, FIRST, CAP, random);
        boolean differs = false;
        for (int i = 0; i < 20 && !differs; i++) {
            differs = Backoff.delay(4, FIRST, CAP, random) != first;
        }
        assertThat(differs).isTrue();
    }
}
