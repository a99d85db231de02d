package io.tracefleet.testing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The cutoff lets exactly N writes through, and reads only until the Nth; everything goes again once lifted. */
class WriteCutoffTest {

    @Test
    void afterTheNthWriteEveryCallIsRefusedUntilLifted() {
        WriteCutoff cutoff = new WriteCutoff(2);

        assertThat(cutoff.admits(ecs("DescribeClusters"))).isTrue();
        assertThat(cutoff.admits(ecs("CreateCluster"))).isTrue();
        assertThat(cutoff.admits(ecs("DescribeServices"))).isTrue();
        assertThat(cutoff.reached()).isFalse();
        assertThat(cutoff.admits(ecs("CreateService"))).isTrue();
        assertThat(cutoff.reached()).isTrue();
        assertThat(cutoff.admits(ecs("DescribeServices"))).as("a read after the last write").isFalse();
        assertThat(cutoff.admits(ecs("RegisterTaskDefinition"))).as("a third write").isFalse();

        assertThat(cutoff.forwardedWrites()).isEqualTo(2);
        assertThat(cutoff.refused()).isEqualTo(2);
        assertThat(cutoff.lastWrite()).contains("ecs:CreateService");

        cutoff.lift();
        assertThat(cutoff.admits(ecs("UpdateService"))).isTrue();
        assertThat(cutoff.forwardedWrites()).as("not counted once lifted").isEqualTo(2);
    }

    @Test
    void aCutoffAtZeroRefusesEverything() {
        WriteCutoff cutoff = new WriteCutoff(0);

        assertThat(cutoff.admits(ecs("DescribeClusters"))).isFalse();
        assertThat(cutoff.lastWrite()).isEmpty();
    }

    private static AwsRequest ecs(String operation) {
        return AwsRequest.parse("POST", "/", null, Map.of(
                "X-Amz-Target", List.of("AmazonEC2ContainerServiceV20141113." + operation),
                "Content-Type", List.of("application/x-amz-json-1.1")), "{}".getBytes());
    }
}
