package io.tracefleet.leader;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardsAndLivenessTest {

    @Test
    void anApplicationsShardIsTheSameInEveryProcessAndKeysRoundTrip() {
        Shards six = new Shards(6);
        // CRC-32 of the name: fixed values, so a controller of another version agrees.
        assertThat(six.of("xray-fargate")).isEqualTo((int) (crc("xray-fargate") % 6));
        for (int shard = 0; shard < 6; shard++) {
            assertThat(six.shardOf(six.key(shard))).isEqualTo(shard);
        }
        assertThat(six.shardOf("member/a")).isEqualTo(-1);
        assertThat(six.shardOf("shard-6")).isEqualTo(-1);
        assertThat(new Shards(1).key(0)).isEqualTo("leader");
        assertThat(new Shards(1).shardOf("leader")).isZero();
        assertThatThrownBy(() -> new Shards(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thirtyApplicationsSpreadOverEveryShard() {
        Shards six = new Shards(6);
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int i = 0; i < 30; i++) {
            used.add(six.of("app-" + i));
        }
        assertThat(used).hasSize(6);
    }

    private static long crc(String s) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue();
    }

    @Test
    void aControllerWhoseHeartbeatStopsChangingIsSuspectedAfterTheWindowByThisClock() {
        Liveness liveness = new Liveness(2_500);
        liveness.observe(Map.of("a", "v1", "b", "w1"), 0);
        assertThat(liveness.live(0)).containsExactlyInAnyOrder("a", "b");
        liveness.observe(Map.of("a", "v2", "b", "w1"), 2_000);
        liveness.observe(Map.of("a", "v3", "b", "w1"), 3_000);
        assertThat(liveness.live(3_000)).as("b has not renewed for 3 s").containsExactly("a");
        liveness.observe(Map.of("a", "v3", "b", "w2"), 3_100);
        assertThat(liveness.live(3_100)).as("b renewed again").containsExactlyInAnyOrder("a", "b");
        liveness.observe(Map.of("a", "v3"), 4_000);
        assertThat(liveness.live(4_000)).as("b's item is gone (released)").containsExactly("a");
        assertThat(liveness.changedAt("a")).hasValue(3_000);
    }

    @Test
    void aShardCountsAsAnothersOnlyWhileBothItsHolderAndItsLeaseAreRenewed() {
        Shards six = new Shards(6);
        // s2 renews its heartbeat and shard-2, but the lock client dropped shard-3 after a stall: nobody renews it.
        Map<Integer, String> owners = Map.of(2, "s2", 3, "s2", 4, "gone", 5, "s1");
        Map<Integer, String> holders = Leases.holders(owners, "s1", java.util.Set.of("s1", "s2"),
                java.util.Set.of("shard-2", "shard-4", "shard-5"), six);

        assertThat(holders).as("shard-3 unrenewed, shard-4's owner gone, shard-5 this controller's own")
                .containsExactlyInAnyOrderEntriesOf(Map.of(2, "s2"));
    }
}
