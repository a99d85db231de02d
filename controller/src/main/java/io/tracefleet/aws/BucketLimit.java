package io.tracefleet.aws;

/**
 * A token bucket's size: {@code sustainedPerSecond} tokens refill each second, up to {@code burst}.
 */
public record BucketLimit(double sustainedPerSecond, double burst) {

    public BucketLimit {
        if (!(sustainedPerSecond > 0) || !(burst > 0)) {
            throw new IllegalArgumentException("rate and burst must be positive: " + sustainedPerSecond + ", " + burst);
        }
    }

    /**
     * This client's part of an account-wide bucket. The burst never drops below one token, or no
     * call could ever pass.
     */
    public BucketLimit scaled(double share) {
        if (!(share > 0) || share > 1) {
            throw new IllegalArgumentException("share must be in (0, 1]: " + share);
        }
        return new BucketLimit(sustainedPerSecond * share, Math.max(1.0, burst * share));
    }

    /**
     * As {@link #scaled}, never planning to spend what AWS refills in {@code jitter}: AWS takes a token when a
     * request arrives, a client when it sends it, and a request that takes less time on its way than the one before
     * arrives early by the difference. Paced to the whole bucket, such a request found it empty and was throttled;
     * a burst short of AWS's by {@code rate × jitter} keeps every arrival within AWS's bucket however the requests'
     * times on the way differ within {@code jitter}. A share that leaves as much of the bucket to others already
     * keeps that reserve and is not cut; a slow bucket (one token in five seconds) gives up a twenty-fifth of a token,
     * not a whole one.
     */
    public BucketLimit scaled(double share, java.time.Duration jitter) {
        BucketLimit ours = scaled(share);
        double reserve = sustainedPerSecond * jitter.toNanos() / 1e9;
        return new BucketLimit(ours.sustainedPerSecond, Math.max(1.0, Math.min(ours.burst, burst - reserve)));
    }
}
