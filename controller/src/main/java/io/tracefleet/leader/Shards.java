package io.tracefleet.leader;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * How applications are spread over leases: each belongs to one shard, by a hash of its name that every controller
 * (any version, any JVM) computes alike, so two controllers never disagree on who owns an application. One shard is
 * plain leader election: its lease is named {@code leader}.
 */
public record Shards(int count) {
    public Shards {
        if (count < 1) {
            throw new IllegalArgumentException("at least one shard: " + count);
        }
    }

    public int of(String application) {
        CRC32 crc = new CRC32();
        crc.update(application.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }

    /** The lease's key in the table. */
    public String key(int shard) {
        return count == 1 ? "leader" : "shard-" + shard;
    }

    /** The shard a lease key names; -1 for another item of the table (a member's heartbeat). */
    public int shardOf(String key) {
        if (count == 1) {
            return key.equals("leader") ? 0 : -1;
        }
        if (!key.startsWith("shard-")) {
            return -1;
        }
        try {
            int shard = Integer.parseInt(key.substring("shard-".length()));
            return shard >= 0 && shard < count ? shard : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
