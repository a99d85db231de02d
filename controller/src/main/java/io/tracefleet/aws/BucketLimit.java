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
}
