package io.tracefleet.leader;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClientOptions;
import com.amazonaws.services.dynamodbv2.CreateDynamoDBTableOptions;
import com.amazonaws.services.dynamodbv2.LockItem;
import com.amazonaws.services.dynamodbv2.ReleaseLockOptions;
import com.amazonaws.services.dynamodbv2.model.LockCurrentlyUnavailableException;
import com.amazonaws.services.dynamodbv2.util.LockClientUtils;
import io.dropwizard.lifecycle.Managed;
import io.tracefleet.reconcile.WriteLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one lease that lets a controller write, held in DynamoDB through AWS's lock client: a conditional write takes
 * it, a heartbeat renews it, stopping releases it. Who does not hold it observes and reports only. A holder that
 * can no longer renew (cut off from DynamoDB, paused) loses the right to write {@link #margin} before its lease
 * ends, by its own clock; another controller takes over only once it has seen the lease unrenewed for a whole lease
 * duration, so the two never overlap while clocks run at the same rate.
 */
public final class LeaderLease implements WriteLease, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderLease.class);
    static final String KEY = "leader";

    private final DynamoDbClient dynamodb;
    private final String table;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration heartbeat;
    private final Duration margin;
    private AmazonDynamoDBLockClient locks;
    private volatile LockItem held;
    private volatile boolean stopping;
    private Thread campaign;

    /**
     * @param margin how long before the lease would end this controller stops writing: longer than one AWS call
     *               takes, so a write started under the lease lands under it
     */
    public LeaderLease(DynamoDbClient dynamodb, String table, String identity, Duration leaseDuration,
                       Duration heartbeat, Duration margin) {
        if (heartbeat.multipliedBy(2).compareTo(leaseDuration.minus(margin)) > 0) {
            throw new IllegalArgumentException("the heartbeat (" + heartbeat + ") must fit twice in the lease ("
                    + leaseDuration + ") less the write margin (" + margin + ")");
        }
        this.dynamodb = dynamodb;
        this.table = table;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.heartbeat = heartbeat;
        this.margin = margin;
    }

    @Override
    public void start() {
        locks = new AmazonDynamoDBLockClient(options());
        if (!locks.lockTableExists()) {
            LOG.info("creating the lease table {}", table);
            AmazonDynamoDBLockClient.createLockTableInDynamoDB(CreateDynamoDBTableOptions.builder(dynamodb,
                    ProvisionedThroughput.builder().readCapacityUnits(1L).writeCapacityUnits(1L).build(), table)
                    .build());
        }
        campaign = new Thread(this::campaign, "tracefleet-lease");
        campaign.setDaemon(true);
        campaign.start();
    }

    private AmazonDynamoDBLockClientOptions options() {
        return AmazonDynamoDBLockClientOptions.builder(dynamodb, table).withOwnerName(identity)
                .withTimeUnit(TimeUnit.MILLISECONDS).withLeaseDuration(leaseDuration.toMillis())
                .withHeartbeatPeriod(heartbeat.toMillis()).withCreateHeartbeatBackgroundThread(true).build();
    }

    /** Tries for the lease while it is not held; the lock client's own thread renews it once it is. */
    private void campaign() {
        while (!stopping) {
            try {
                if (!held()) {
                    acquire();
                }
                Thread.sleep(heartbeat.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("the lease could not be asked for: {}", e.toString());
                try {
                    Thread.sleep(heartbeat.toMillis());
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    private void acquire() throws InterruptedException {
        boolean wasLeader = held != null;
        held = null;
        if (wasLeader) {
            LOG.warn("{} lost the lease: it writes nothing until it holds it again", identity);
        }
        try {
            // Blocks for up to a lease duration while another holds it, to see whether that holder still renews.
            Optional<LockItem> lock = locks.tryAcquireLock(AcquireLockOptions.builder(KEY)
                    .withDeleteLockOnRelease(false).build());
            lock.ifPresent(item -> {
                held = item;
                LOG.info("{} holds the lease: it is the controller that writes", identity);
            });
        } catch (LockCurrentlyUnavailableException e) {
            // Another controller holds it and renews it.
        }
    }

    /** Held, and for long enough that a write started now lands before the lease could pass to another. */
    @Override
    public boolean held() {
        LockItem lock = held;
        if (lock == null || lock.isExpired()) {
            return false;
        }
        long endsAt = lock.getLookupTime() + lock.getLeaseDuration();
        return LockClientUtils.INSTANCE.millisecondTime() < endsAt - margin.toMillis();
    }

    public String identity() {
        return identity;
    }

    @Override
    public String describe() {
        return held() ? "leader: " + identity + " holds the lease and writes"
                : "follower: " + identity + " observes and reports; it writes nothing without the lease";
    }

    /** Released at once on a clean stop, so a successor takes over without waiting for the lease to run out. */
    @Override
    public void stop() throws IOException {
        stopping = true;
        if (campaign != null) {
            campaign.interrupt();
        }
        LockItem lock = held;
        held = null;
        if (lock != null) {
            try {
                locks.releaseLock(ReleaseLockOptions.builder(lock).withBestEffort(true).build());
                LOG.info("{} released the lease", identity);
            } catch (RuntimeException e) {
                LOG.warn("the lease could not be released ({}); it passes on once it runs out", e.toString());
            }
        }
        if (locks != null) {
            locks.close();
        }
    }
}
