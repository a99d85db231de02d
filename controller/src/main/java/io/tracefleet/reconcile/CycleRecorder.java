package io.tracefleet.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where passes and cycles are reported as they happen (the status the API serves). The reconciler only writes to it,
 * with one exception: a confirmation confirms what the last report of an application showed a person. An interface
 * here, so that the dependency runs from status to the reconciler and not back.
 */
public interface CycleRecorder {

    void passStarted(Instant at);

    void passCompleted(Instant at, List<CycleResult> results);

    /** A cycle, with the generation of the spec it applied (null when no spec is in force). */
    void record(CycleResult result, String generation);

    default void record(CycleResult result) {
        record(result, null);
    }

    /** A change in what is applied of an application's spec: its file turned invalid, or valid again. */
    void specChanged(Instant at, String application, String reason, String message);

    /** An application that is gone: nothing of it is reported any more. */
    void forget(String application);

    /** The application's last recorded cycle, as a person reading the status saw it. */
    Optional<CycleResult> latest(String application);
}
