package io.tracefleet.reconcile;

import java.util.Optional;

/**
 * Whether this controller may write to AWS now, for an application. A controller without the lease still observes
 * and reports; its cycles plan instead of applying. Always held when there is no election (one controller by
 * construction).
 */
public interface WriteLease {
    WriteLease ALWAYS = application -> true;

    /**
     * Held for this application's shard, for long enough that a write started now lands before the lease could pass
     * to another controller. {@code null}: a write for no application, which only a lone leader may make.
     */
    boolean heldFor(String application);

    /**
     * Whether this controller looks at the application at all: with one lease every controller observes everything
     * (followers report); with shards, each observes only its own, so that the work is split.
     */
    default boolean observes(String application) {
        return true;
    }

    /** For status: who this controller is and whether it writes; null when there is no election. */
    default String describe() {
        return null;
    }

    /** For status and metrics: this controller's leases, and whom it saw holding the others. */
    default Optional<LeaseReport> report() {
        return Optional.empty();
    }
}
