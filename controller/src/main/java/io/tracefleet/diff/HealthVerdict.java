package io.tracefleet.diff;

/**
 * Whether a resource works, and the figures behind it ("1 of 2 tasks running"), decided once: the reason is the
 * account of the same judgement, so it can never disagree with the health it explains.
 *
 * @param reason null when there is nothing to say
 */
public record HealthVerdict(Health health, String reason) {
    public static final HealthVerdict HEALTHY = new HealthVerdict(Health.HEALTHY, null);

    public static HealthVerdict of(Health health) {
        return new HealthVerdict(health, null);
    }
}
