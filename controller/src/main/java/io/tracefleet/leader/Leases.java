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
import io.tracefleet.reconcile.LeaseReport;
import io.tracefleet.reconcile.WriteLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The leases that let a controller write, held in DynamoDB through AWS's lock client: a conditional write takes one,
 * the client's heartbeat renews all of a controller's leases together, stopping releases them.
 * <p>
 * Applications are spread over {@link Shards}; one shard is plain leader election. Each controller also renews a
 * heartbeat item of its own ({@code member/<identity>}), so every controller can count the live ones and aim at its
 * fair share ({@link Balance}): a newcomer gets shards given up by the others, the shards of a controller that
 * stopped renewing are taken over once the lock client has seen their leases unrenewed for a whole lease duration.
 * <p>
 * A holder that can no longer renew (cut off from DynamoDB, paused) stops writing {@code margin} before its lease
 * ends, by its own clock; another controller takes over only after watching the lease unrenewed for a whole lease
 * duration by its clock, so the two never overlap while clocks run at the same rate. A shard given up is first
 * fenced for {@code margin}, so a write already on its way lands before anyone else can take it.
 * <p>
 * Unelected (leader election off, against an AWS others can reach), a controller only renews its heartbeat and looks
 * for others: seeing one, it stops writing and says so loudly, rather than fight it.
 */
public final class Leases implements WriteLease, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    static final String MEMBER_PREFIX = "member/";
    private static final String ELECTED = "elected";
    private static final String UNELECTED = "unelected";

    private final DynamoDbClient dynamodb;
    private final String table;
    private final String identity;
    private final Shards shards;
    private final boolean elected;
    private final Duration leaseDuration;
    private final Duration heartbeat;
    private final Duration margin;
    private final Clock clock;
    private AmazonDynamoDBLockClient locks;
    private volatile LockItem member;
    private final Map<Integer, LockItem> held = new ConcurrentHashMap<>();
    /** Given up but not yet released: fenced at once, released after the write margin. */
    private final Set<Integer> releasing = ConcurrentHashMap.newKeySet();
    private final Set<String> asking = ConcurrentHashMap.newKeySet();
    private final Liveness members;
    private final Liveness shardItems;
    private volatile Picture picture = Picture.NONE;
    /** Another controller seen writing to the same account: an unelected controller writes nothing then. */
    private volatile String otherWriters;
    private volatile String unreachable;
    private final AtomicLong gained = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private ScheduledExecutorService campaign;
    private ExecutorService askers;
    private volatile boolean stopping;
    /** Run when a lease is taken: its applications want a pass now, not at a resync that may be minutes away. */
    private volatile Runnable onGain = () -> { };

    /** What the last round saw, for status. */
    private record Picture(Set<String> live, Map<Integer, String> holders, Map<Integer, Long> renewedAt) {
        static final Picture NONE = new Picture(Set.of(), Map.of(), Map.of());
    }

    /**
     * @param elected false: no lease is taken, the controller writes unless it sees another controller's heartbeat
     * @param margin  how long before its lease would end this controller stops writing: longer than one AWS call
     *                takes, so a write started under the lease lands under it
     */
    public Leases(DynamoDbClient dynamodb, String table, String identity, Shards shards, boolean elected,
                  Duration leaseDuration, Duration heartbeat, Duration margin, Clock clock) {
        if (heartbeat.multipliedBy(2).compareTo(leaseDuration.minus(margin)) > 0) {
            throw new IllegalArgumentException("the heartbeat (" + heartbeat + ") must fit twice in the lease ("
                    + leaseDuration + ") less the write margin (" + margin + ")");
        }
        this.dynamodb = dynamodb;
        this.table = table;
        this.identity = identity;
        this.shards = shards;
        this.elected = elected;
        this.leaseDuration = leaseDuration;
        this.heartbeat = heartbeat;
        this.margin = margin;
        this.clock = clock;
        // A controller that missed two heartbeats and a half is suspected gone; its shards are asked for then, and
        // the lock client still waits a whole lease duration of silence before granting them.
        long suspectAfter = heartbeat.toMillis() * 5 / 2;
        this.members = new Liveness(suspectAfter);
        this.shardItems = new Liveness(suspectAfter);
    }

    @Override
    public void start() {
        locks = new AmazonDynamoDBLockClient(AmazonDynamoDBLockClientOptions.builder(dynamodb, table)
                .withOwnerName(identity).withTimeUnit(TimeUnit.MILLISECONDS)
                .withLeaseDuration(leaseDuration.toMillis()).withHeartbeatPeriod(heartbeat.toMillis())
                .withCreateHeartbeatBackgroundThread(true).build());
        try {
            ensureTable();
        } catch (RuntimeException e) {
            if (elected) {
                throw new IllegalStateException("the lease table " + table + " cannot be used: " + e, e);
            }
            unreachable = "the lease table " + table + " cannot be used (" + e.getMessage() + "), so a second "
                    + "controller on this account would go unnoticed";
            LOG.warn("{}", unreachable);
        }
        askers = Executors.newCachedThreadPool(daemon("tracefleet-lease-ask"));
        campaign = Executors.newSingleThreadScheduledExecutor(daemon("tracefleet-lease"));
        if (unreachable == null) {
            // The heartbeat item first and a first look at the table before the loop's first pass: an unelected
            // controller that finds another writes nothing at all.
            askForMember();
            waitUntil(() -> member != null, leaseDuration.plus(heartbeat));
            roundSafely();
            // A free lease is granted at once: waiting a heartbeat for it lets a lone controller's first pass write.
            waitUntil(() -> asking.stream().allMatch(key -> key.startsWith(MEMBER_PREFIX)), heartbeat);
        }
        campaign.scheduleWithFixedDelay(this::roundSafely, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Start-up only: the asks run on other threads, and the first pass should find their answers. */
    private static void waitUntil(java.util.function.BooleanSupplier done, Duration atMost) {
        long until = System.nanoTime() + atMost.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void ensureTable() {
        if (locks.lockTableExists()) {
            return;
        }
        LOG.info("creating the lease table {}", table);
        try {
            AmazonDynamoDBLockClient.createLockTableInDynamoDB(CreateDynamoDBTableOptions.builder(dynamodb,
                    ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(5L).build(), table)
                    .build());
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceInUseException raced) {
            // Another controller created it at the same moment.
        }
        dynamodb.waiter().waitUntilTableExists(r -> r.tableName(table));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private void roundSafely() {
        try {
            // The lock client stops renewing a lease whose renewals failed for a whole lease duration; without its
            // heartbeat this controller would look gone to the others for good, and they would take its share.
            if (member == null || member.isExpired()) {
                askForMember();
            }
            round();
        } catch (RuntimeException e) {
            LOG.warn("the lease round failed: {}", e.toString());
        }
    }

    private void askForMember() {
        String key = MEMBER_PREFIX + identity;
        ask(key, item -> {
            member = item;
            LOG.info("{} renews its heartbeat in {} ({})", identity, table, elected ? "leader election on, "
                    + shards.count() + " shard(s)" : "unelected: it watches for other controllers");
        }, ByteBuffer.wrap((elected ? ELECTED : UNELECTED).getBytes(StandardCharsets.UTF_8)));
    }

    /** Asks for a lease on another thread: the lock client blocks up to a lease duration while another holds it. */
    private void ask(String key, java.util.function.Consumer<LockItem> granted, ByteBuffer data) {
        if (stopping || !asking.add(key)) {
            return;
        }
        askers.execute(() -> {
            try {
                AcquireLockOptions.AcquireLockOptionsBuilder options = AcquireLockOptions.builder(key)
                        .withDeleteLockOnRelease(true).withTimeUnit(TimeUnit.MILLISECONDS)
                        .withRefreshPeriod(heartbeat.toMillis()).withAdditionalTimeToWaitForLock(0L);
                if (data != null) {
                    options.withData(data).withReplaceData(true);
                }
                Optional<LockItem> lock = locks.tryAcquireLock(options.build());
                lock.ifPresent(item -> {
                    if (stopping) {
                        locks.releaseLock(ReleaseLockOptions.builder(item).withDeleteLock(true)
                                .withBestEffort(true).build());
                    } else {
                        granted.accept(item);
                    }
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (LockCurrentlyUnavailableException e) {
                // Held and renewed by another controller.
            } catch (RuntimeException e) {
                LOG.debug("asking for {} failed: {}", key, e.toString());
            } finally {
                asking.remove(key);
            }
        });
    }

    /** One look at the table, then this controller's move: leases lost, given up and asked for. */
    private void round() {
        long now = LockClientUtils.INSTANCE.millisecondTime();
        List<LockItem> items;
        try {
            items = locks.getAllLocksFromDynamoDB(false).toList();
        } catch (RuntimeException e) {
            dropLost(now);
            throw e;
        }
        Map<String, String> memberVersions = new HashMap<>();
        Map<String, String> roles = new HashMap<>();
        Map<String, String> shardVersions = new HashMap<>();
        Map<Integer, LockItem> shardLeases = new HashMap<>();
        for (LockItem item : items) {
            String key = item.getPartitionKey();
            if (key.startsWith(MEMBER_PREFIX)) {
                String owner = key.substring(MEMBER_PREFIX.length());
                memberVersions.put(owner, item.getRecordVersionNumber());
                roles.put(owner, item.getData().map(data -> StandardCharsets.UTF_8.decode(data.duplicate())
                        .toString()).orElse(ELECTED));
            } else if (shards.shardOf(key) >= 0) {
                shardLeases.put(shards.shardOf(key), item);
                shardVersions.put(key, item.getRecordVersionNumber());
            }
        }
        members.observe(memberVersions, now);
        shardItems.observe(shardVersions, now);
        Set<String> live = new TreeSet<>(members.live(now));
        live.add(identity);
        dropLost(now);
        reportOthers(live, roles);

        Map<Integer, String> owners = new HashMap<>();
        shardLeases.forEach((shard, item) -> owners.put(shard, item.getOwnerName()));
        Map<Integer, String> holders = holders(owners, identity, live, shardItems.live(now), shards);
        Map<Integer, Long> renewedAt = new HashMap<>();
        holders.keySet().forEach(shard -> shardItems.changedAt(shards.key(shard))
                .ifPresent(at -> renewedAt.put(shard, at)));
        picture = new Picture(Set.copyOf(live), Map.copyOf(holders), Map.copyOf(renewedAt));
        if (!elected || stopping) {
            return;
        }
        Set<Integer> mine = new HashSet<>(held.keySet());
        mine.removeAll(releasing);
        // Only elected controllers take shards: counting an unelected one would hold back a share nobody takes.
        Set<String> electing = new TreeSet<>(live);
        electing.removeIf(controller -> !controller.equals(identity) && UNELECTED.equals(roles.get(controller)));
        Balance move = Balance.decide(identity, shards.count(), electing, holders, mine);
        move.release().forEach(this::giveUp);
        for (int shard : move.contend()) {
            if (!held.containsKey(shard)) {
                ask(shards.key(shard), item -> {
                    held.put(shard, item);
                    gained.incrementAndGet();
                    onGain.run();
                    LOG.info("{} took the lease {}: {}", identity, shards.key(shard), shards.count() == 1
                            ? "it is the controller that writes" : "it reconciles that shard's applications");
                }, null);
            }
        }
    }

    /**
     * The shards another controller holds: its heartbeat renewed and the shard's lease renewed too. A live
     * controller can stop renewing one lease and not the others (the lock client drops a lease whose renewals
     * failed for a whole lease duration, and a slow DynamoDB call can do that to one lease only); counted as held,
     * such a shard was asked for by nobody, and its applications went unreconciled for as long as that controller
     * lived. Asking for it is safe: the lock client grants it only after watching it unrenewed a whole lease
     * duration.
     *
     * @param owners     each shard lease in the table, and the owner it names
     * @param liveLeases the lease keys seen renewed lately
     */
    static Map<Integer, String> holders(Map<Integer, String> owners, String identity, Set<String> liveMembers,
                                        Set<String> liveLeases, Shards shards) {
        Map<Integer, String> holders = new HashMap<>();
        owners.forEach((shard, owner) -> {
            if (!owner.equals(identity) && liveMembers.contains(owner) && liveLeases.contains(shards.key(shard))) {
                holders.put(shard, owner);
            }
        });
        return holders;
    }

    /** Leases whose renewals failed for a whole lease duration: the lock client calls them expired. */
    private void dropLost(long now) {
        held.forEach((shard, item) -> {
            if (item.isExpired() && !releasing.contains(shard) && held.remove(shard, item)) {
                lost.incrementAndGet();
                LOG.warn("{} lost the lease {}: it could not renew it, and writes nothing of it until it holds it "
                        + "again", identity, shards.key(shard));
            }
        });
    }

    private void reportOthers(Set<String> live, Map<String, String> roles) {
        List<String> unelectedOthers = new ArrayList<>();
        for (String controller : live) {
            if (controller.equals(identity)) {
                continue;
            }
            if (!elected || UNELECTED.equals(roles.get(controller))) {
                unelectedOthers.add(controller + " (" + roles.getOrDefault(controller, ELECTED) + ")");
            }
        }
        String now = unelectedOthers.isEmpty() ? null : (elected
                ? "controllers without leader election write to this account too: " + unelectedOthers + "; they stop "
                + "writing once they see this one, but give them leaderElection.enabled: true"
                : "another controller writes to this account: " + unelectedOthers + "; this one, without leader "
                + "election, writes nothing while it sees another. Turn on leaderElection for every controller on "
                + "the account");
        if (!java.util.Objects.equals(now, otherWriters)) {
            if (now != null) {
                LOG.error("{}", now);
            } else {
                LOG.info("{} no longer sees another controller writing to this account", identity);
            }
            otherWriters = now;
        }
    }

    private void giveUp(int shard) {
        if (!releasing.add(shard)) {
            return;
        }
        LOG.info("{} gives up the lease {} for balance; its writes stop now and the lease is released in {} ms",
                identity, shards.key(shard), margin.toMillis());
        campaign.schedule(() -> {
            LockItem item = held.remove(shard);
            try {
                if (item != null) {
                    locks.releaseLock(ReleaseLockOptions.builder(item).withDeleteLock(true).withBestEffort(true)
                            .build());
                    released.incrementAndGet();
                }
            } finally {
                releasing.remove(shard);
            }
        }, margin.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void onGain(Runnable action) {
        this.onGain = action;
    }

    @Override
    public boolean heldFor(String application) {
        if (!elected) {
            return otherWriters == null;
        }
        int shard = application == null ? (shards.count() == 1 ? 0 : -1) : shards.of(application);
        return shard >= 0 && !releasing.contains(shard) && valid(held.get(shard));
    }

    /** Held, and for long enough that a write started now lands before the lease could pass to another. */
    private boolean valid(LockItem lock) {
        if (lock == null || lock.isExpired()) {
            return false;
        }
        return LockClientUtils.INSTANCE.millisecondTime() < endsAt(lock) - margin.toMillis();
    }

    private static long endsAt(LockItem lock) {
        return lock.getLookupTime() + lock.getLeaseDuration();
    }

    @Override
    public boolean observes(String application) {
        if (!elected || shards.count() == 1) {
            return true;
        }
        int shard = shards.of(application);
        return held.containsKey(shard) && !releasing.contains(shard);
    }

    /**
     * How many elected controllers share the account's API budget now, as of the last look at the table: asked on
     * every AWS call by the rate limiter, so it reads the last picture and builds nothing.
     */
    public int budgetSharers() {
        return elected ? Math.max(1, picture.live().size()) : 1;
    }

    public String identity() {
        return identity;
    }

    private String role() {
        if (!elected) {
            return "unelected";
        }
        if (shards.count() == 1) {
            return heldFor(null) ? "leader" : "follower";
        }
        return held.isEmpty() ? "follower" : "sharded";
    }

    @Override
    public String describe() {
        if (!elected) {
            return otherWriters != null ? "unelected: " + identity + " writes nothing: " + otherWriters
                    : "unelected: " + identity + " writes; no other controller seen in " + table;
        }
        if (shards.count() == 1) {
            return heldFor(null) ? "leader: " + identity + " holds the lease and writes"
                    : "follower: " + identity + " observes and reports; it writes nothing without the lease";
        }
        return (held.isEmpty() ? "follower: " : "sharded: ") + identity + " holds " + new TreeSet<>(held.keySet())
                + " of " + shards.count() + " shards and reconciles their applications only";
    }

    @Override
    public Optional<LeaseReport> report() {
        Picture seen = picture;
        long now = LockClientUtils.INSTANCE.millisecondTime();
        Instant wall = clock.instant();
        List<LeaseReport.Shard> list = new ArrayList<>();
        if (elected) {
            for (int shard = 0; shard < shards.count(); shard++) {
                LockItem mine = held.get(shard);
                if (mine != null) {
                    list.add(new LeaseReport.Shard(shard, shards.key(shard), identity, true,
                            wall.plusMillis(endsAt(mine) - now), null));
                } else {
                    Long renewed = seen.renewedAt().get(shard);
                    list.add(new LeaseReport.Shard(shard, shards.key(shard), seen.holders().get(shard), false, null,
                            renewed == null ? null : wall.minusMillis(now - renewed)));
                }
            }
        }
        String warning = otherWriters != null ? otherWriters : unreachable;
        return Optional.of(new LeaseReport(identity, role(), elected, table, elected ? shards.count() : 0,
                List.copyOf(list), List.copyOf(seen.live()), warning, gained.get(), lost.get(), released.get()));
    }

    /** Released at once on a clean stop, so a successor takes over without waiting for the leases to run out. */
    @Override
    public void stop() throws java.io.IOException {
        stopping = true;
        if (campaign != null) {
            campaign.shutdownNow();
        }
        if (askers != null) {
            askers.shutdownNow();
        }
        List<LockItem> mine = new ArrayList<>(held.values());
        released.addAndGet(mine.size());
        held.clear();
        if (member != null) {
            mine.add(member);
            member = null;
        }
        for (LockItem lock : mine) {
            try {
                locks.releaseLock(ReleaseLockOptions.builder(lock).withDeleteLock(true).withBestEffort(true).build());
            } catch (RuntimeException e) {
                LOG.warn("the lease {} could not be released ({}); it passes on once it runs out",
                        lock.getPartitionKey(), e.toString());
            }
        }
        if (!mine.isEmpty()) {
            LOG.info("{} released its leases", identity);
        }
        if (locks != null) {
            locks.close();
        }
    }
}
