package io.tracefleet.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * What a controller knows of the lease table, as of its last look: who it is, what it holds and until when, who
 * else renews a heartbeat and holds what. Another controller's expiry is not known here (only that one's clock
 * could say), so for those the report gives when this controller last saw the lease renewed.
 *
 * @param role        leader, follower, sharded (holding some shards) or unelected
 * @param elected     false for a controller that runs without leader election and only watches for others
 * @param warning     set when something needs a person: another controller writes to the same account unelected,
 *                    or the lease table cannot be reached
 * @param gained      leases taken since start
 * @param lost        leases that ran out before they could be renewed
 * @param released    leases given up (rebalancing, or a clean stop)
 */
public record LeaseReport(String identity, String role, boolean elected, String table, int shardCount,
                          List<Shard> shards, List<String> liveControllers, String warning, long gained, long lost,
                          long released) {

    /**
     * @param holder    null when no live controller holds it
     * @param expiresAt this controller's own lease's end (by its clock); null for another's
     * @param renewedAt when this controller last saw another's lease renewed; null for its own
     */
    public record Shard(int shard, String key, String holder, boolean mine, Instant expiresAt, Instant renewedAt) {
    }
}
