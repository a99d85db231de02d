package io.tracefleet.reconcile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TwinNameTest {
    @Test
    void appendsNextAndStaysWithinTheElbLimit() {
        assertThat(ApplicationReconciler.twinName("xray-fargate-b-tg")).isEqualTo("xray-fargate-b-tg-next");
        String longest = "abcdefghij-abcdefghij-abcdefghij";
        assertThat(ApplicationReconciler.twinName(longest)).isEqualTo("abcdefghij-abcdefghij-abcde-next")
                .hasSize(32);
    }

    @Test
    void aCutThatEndsInAHyphenDropsIt() {
        String name = "abcdefghij-abcdefghij-abcd-wxyz";
        assertThat(ApplicationReconciler.twinName(name)).isEqualTo("abcdefghij-abcdefghij-abcd-next");
    }
}
