package io.tracefleet.reliability;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GrowthTest {
    private static Growth series(double... values) {
        List<Growth.Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new Growth.Point(i, values[i]));
        }
        return new Growth("rss", "MB", points);
    }

    @Test
    void aSteadyLeakIsUnbounded() {
        Growth leak = series(300, 302, 304, 306, 308, 310, 312, 314, 316);
        assertThat(leak.slopePerMinute()).isEqualTo(2.0);
        assertThat(leak.unboundedBeyond(1.0, 100)).singleElement().asString().contains("grows 2.00 MB/min");
    }

    @Test
    void aPlateauWithNoiseIsBounded() {
        Growth plateau = series(300, 305, 299, 304, 301, 303, 300, 304, 302);
        assertThat(plateau.unboundedBeyond(1.0, 8)).isEmpty();
    }

    @Test
    void warmUpIsLeftOut() {
        Growth warming = series(100, 200, 280, 300, 301, 300, 302, 301, 300);
        assertThat(warming.unboundedBeyond(1.0, 8)).isNotEmpty();
        assertThat(warming.after(3).unboundedBeyond(1.0, 8)).isEmpty();
    }

    @Test
    void aCountThatStepsUpLateClimbs() {
        Growth threads = series(40, 40, 40, 40, 40, 40, 52, 52, 52);
        assertThat(threads.climb()).isEqualTo(12);
        assertThat(threads.unboundedBeyond(100, 3)).singleElement().asString().contains("climbed 12.0");
    }
}
