package io.tracefleet.reconcile;

import java.util.Optional;

/**
 * How large a deletion may be before it waits for a person to confirm it, like Argo CD's {@code Prune=confirm}: one
 * bad save (a file truncated to its header, an application renamed) must not take an application down. Removing one
 * service of a few is a normal edit and stays automatic.
 *
 * @param enabled      false: every deletion the spec implies is made (once the spec has settled)
 * @param maxDeletions more deletions than this in one cycle of one application wait for confirmation
 * @param maxShare     so does deleting more than this share of what the application owns (deleted plus kept)
 */
public record DeletionGuard(boolean enabled, int maxDeletions, double maxShare) {
    public static final DeletionGuard OFF = new DeletionGuard(false, Integer.MAX_VALUE, 1.0);
    public static final DeletionGuard DEFAULT = new DeletionGuard(true, 10, 0.5);

    public DeletionGuard {
        if (maxDeletions < 0 || maxShare < 0 || maxShare > 1) {
            throw new IllegalArgumentException("maxDeletions must be at least 0 and maxShare between 0 and 1");
        }
    }

    /**
     * Why these deletions need a confirmation, or empty when they may go ahead.
     *
     * @param deletions what the cycle would delete
     * @param kept      what the application owns and still names
     */
    public Optional<String> why(int deletions, int kept) {
        if (!enabled || deletions == 0) {
            return Optional.empty();
        }
        if (kept == 0) {
            return Optional.of("it would delete every resource of the application (" + deletions + ")");
        }
        if (deletions > maxDeletions) {
            return Optional.of("it would delete " + deletions + " resources, more than the guard's " + maxDeletions);
        }
        double share = deletions / (double) (deletions + kept);
        if (share > maxShare) {
            return Optional.of(String.format(java.util.Locale.ROOT,
                    "it would delete %d of the application's %d resources (%.0f%%), more than the guard's %.0f%%",
                    deletions, deletions + kept, share * 100, maxShare * 100));
        }
        return Optional.empty();
    }
}
