package io.tracefleet.reconcile;

/**
 * Whether this controller may write to AWS now. A controller without the lease still observes and reports; its
 * cycles plan instead of applying. Always held when leader election is off (one controller by construction).
 */
public interface WriteLease {
    WriteLease ALWAYS = () -> true;

    boolean held();

    /** For status: who this controller is and whether it writes; null when there is no election. */
    default String describe() {
        return null;
    }
}
