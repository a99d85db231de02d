package io.tracefleet.status;

import java.time.Instant;

/**
 * A Kubernetes-style condition of an application: a named yes/no with why, and since when it has been so. The
 * transition time moves only when {@code status} flips, so a condition stuck false shows how long it has been.
 */
public record Condition(String type, boolean status, String reason, String message, Instant lastTransitionTime) {

    public static final String SYNCED = "Synced";
    public static final String HEALTHY = "Healthy";
    /** False while the application's spec file is invalid and its last valid version is what is applied. */
    public static final String SPEC_VALID = "SpecValid";
    /** The reason {@link #SPEC_VALID} is false, as the reconciler reports it; "Valid" when true again. */
    public static final String INVALID = "Invalid";

    /** This condition as observed now, keeping the earlier transition time when the status did not change. */
    Condition since(Condition previous) {
        if (previous != null && previous.status == status) {
            return new Condition(type, status, reason, message, previous.lastTransitionTime);
        }
        return this;
    }
}
