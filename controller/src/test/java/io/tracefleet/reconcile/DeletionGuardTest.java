package io.tracefleet.reconcile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeletionGuardTest {
    private final DeletionGuard guard = new DeletionGuard(true, 10, 0.5);

    @Test
    void removingOneServiceOfAFewGoesAhead() {
        // The seed without service-a: six deletions, twenty resources still named.
        assertThat(guard.why(6, 20)).isEmpty();
    }

    @Test
    void deletingAWholeApplicationAlwaysWaits() {
        assertThat(guard.why(1, 0)).hasValueSatisfying(why -> assertThat(why).contains("every resource"));
    }

    @Test
    void moreThanTheCountWaits() {
        assertThat(guard.why(10, 100)).isEmpty();
        assertThat(guard.why(11, 100)).hasValueSatisfying(why -> assertThat(why).contains("11").contains("10"));
    }

    @Test
    void moreThanTheShareWaits() {
        assertThat(guard.why(5, 5)).isEmpty();
        assertThat(guard.why(6, 5)).hasValueSatisfying(why -> assertThat(why).contains("6 of the application's 11"));
    }

    @Test
    void nothingToDeleteOrAGuardTurnedOffNeverWaits() {
        assertThat(guard.why(0, 0)).isEmpty();
        assertThat(DeletionGuard.OFF.why(1000, 0)).isEmpty();
    }

    @Test
    void thresholdsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new DeletionGuard(true, 1, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeletionGuard(true, -1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
