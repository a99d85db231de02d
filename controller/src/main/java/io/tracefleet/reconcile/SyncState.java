package io.tracefleet.reconcile;

/** Whether one resource in AWS matches its spec. */
public enum SyncState {
    /** Exists, is ours, and every owned field matches. */
    SYNCED,
    /** Exists and is ours, but owned fields differ (see the drift). */
    OUT_OF_SYNC,
    /** Does not exist yet. */
    MISSING,
    /** A resource with the desired name exists but is not ours: never touched. */
    CONFLICT,
    /**
     * Carries the application's ownership tags but no valid ownership proof: anyone allowed to tag could have put
     * them there, so it is never changed or deleted. {@code seal} takes in the resources an earlier version made.
     */
    UNPROVEN,
    /** Someone else's, on something of ours (a rule on the application's listener): left alone, not an error. */
    UNMANAGED,
    /** The last attempt failed; see the error. */
    ERROR,
    /** Waits for a resource it depends on. */
    BLOCKED,
    /** Ours, but no spec names it any more, and it is retained. */
    ORPHANED,
    /**
     * Ours and no longer named by the spec, but not deleted yet: the spec changed too recently to be sure it is
     * complete, or the deletion is larger than the guard allows without a confirmation.
     */
    PENDING_DELETION
}
