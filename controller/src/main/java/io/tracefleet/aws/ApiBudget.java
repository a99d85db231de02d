package io.tracefleet.aws;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The share of AWS's account-wide throttle buckets this controller may use, and what that means for how often a
 * full pass can run. Buckets refill at their sustained rate whatever the burst, so passes repeated every
 * {@code interval} stay within the budget only when each bucket's calls per pass fit {@code interval × rate}:
 * the slowest bucket sets the floor.
 */
public final class ApiBudget {

    private final Map<ThrottleBucket, BucketLimit> accountLimits;
    private final double share;

    public ApiBudget(Map<ThrottleBucket, BucketLimit> accountLimits, double share) {
        if (!(share > 0) || share > 1) {
            throw new IllegalArgumentException("the API budget share must be in (0, 1]: " + share);
        }
        this.accountLimits = Map.copyOf(accountLimits);
        this.share = share;
    }

    public static ApiBudget documented(double share) {
        return new ApiBudget(AwsThrottleLimits.documented(), share);
    }

    /** This budget split evenly among {@code controllers} that share the account. */
    public ApiBudget splitAmong(int controllers) {
        return controllers <= 1 ? this : new ApiBudget(accountLimits, share / controllers);
    }

    public double share() {
        return share;
    }

    /** The bucket limits this budget allows, for the rate limiter. */
    public Map<ThrottleBucket, BucketLimit> accountLimits() {
        return accountLimits;
    }

    /**
     * The shortest time in which these calls (HTTP attempts, per bucket) fit this budget's sustained rates; a
     * bucket with no known limit costs nothing.
     */
    public Floor floor(Map<ThrottleBucket, Long> callsPerBucket) {
        Floor slowest = Floor.NONE;
        for (Map.Entry<ThrottleBucket, Long> entry : callsPerBucket.entrySet()) {
            BucketLimit limit = accountLimits.get(entry.getKey());
            if (limit == null || entry.getValue() <= 0) {
                continue;
            }
            double rate = limit.sustainedPerSecond() * share;
            Duration needed = Duration.ofNanos(Math.round(entry.getValue() / rate * 1e9));
            if (needed.compareTo(slowest.duration()) > 0) {
                slowest = new Floor(needed, Optional.of(entry.getKey()), entry.getValue(), rate);
            }
        }
        return slowest;
    }

    /**
     * The shortest time in which these calls can be made starting from full buckets: a bucket lets its burst through
     * at once and the rest at its refill rate, {@code max(0, calls - burst) / rate}, at this budget's share of each;
     * the slowest bucket decides. What a single converge or pass could take at best, where {@link #floor} is what
     * passes repeated without end take.
     */
    public Floor floorFromFull(Map<ThrottleBucket, Long> callsPerBucket) {
        return floorFrom(Map.of(), callsPerBucket);
    }

    /**
     * As {@link #floorFromFull}, from buckets that hold {@code tokens} at the start ({@code max(0, calls - tokens) /
     * rate}); a bucket not named is full. A pass right after another finds the buckets the first one drained, and
     * only what they hold goes through at once.
     */
    public Floor floorFrom(Map<ThrottleBucket, Double> tokens, Map<ThrottleBucket, Long> callsPerBucket) {
        Floor slowest = Floor.NONE;
        for (Map.Entry<ThrottleBucket, Long> entry : callsPerBucket.entrySet()) {
            BucketLimit limit = accountLimits.get(entry.getKey());
            if (limit == null || entry.getValue() <= 0) {
                continue;
            }
            BucketLimit ours = limit.scaled(share);
            double held = Math.max(0, Math.min(ours.burst(), tokens.getOrDefault(entry.getKey(), ours.burst())));
            double beyond = Math.max(0, entry.getValue() - held);
            Duration needed = Duration.ofNanos(Math.round(beyond / ours.sustainedPerSecond() * 1e9));
            if (slowest.bottleneck().isEmpty() || needed.compareTo(slowest.duration()) > 0) {
                slowest = new Floor(needed, Optional.of(entry.getKey()), entry.getValue(), ours.sustainedPerSecond());
            }
        }
        return slowest;
    }

    /** The interval the loop waits between resyncs after a pass that made these calls. */
    public Resync resync(Duration configured, Map<ThrottleBucket, Long> callsPerBucket) {
        Objects.requireNonNull(configured, "configured");
        Floor floor = floor(callsPerBucket);
        if (floor.duration().compareTo(configured) <= 0) {
            return new Resync(configured, configured, Optional.empty());
        }
        ThrottleBucket bucket = floor.bottleneck().orElseThrow();
        String reason = String.format(java.util.Locale.ROOT,
                "stretched from %s: a pass made %d %s calls, and %.0f%% of AWS's %s/s sustained rate (%.2f/s) "
                        + "needs %s for them", configured, floor.calls(), bucket,
                share * 100, trim(floor.perSecond() / share), floor.perSecond(), floor.duration());
        return new Resync(configured, floor.duration(), Optional.of(reason));
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** @param perSecond the budget's sustained rate in the bottleneck bucket */
    public record Floor(Duration duration, Optional<ThrottleBucket> bottleneck, long calls, double perSecond) {
        static final Floor NONE = new Floor(Duration.ZERO, Optional.empty(), 0, 0);
    }

    /** @param reason why {@code effective} is longer than {@code configured}; empty when it is not */
    public record Resync(Duration configured, Duration effective, Optional<String> reason) {
        public boolean stretched() {
            return reason.isPresent();
        }
    }
}
