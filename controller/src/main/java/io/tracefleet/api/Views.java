package io.tracefleet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tracefleet.diff.Drift;
import io.tracefleet.status.Condition;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON the API serves. Names follow what Argo CD and Kubernetes users read: sync, health, conditions. */
public final class Views {

    private Views() {
    }

    public record Status(Controller controller, List<Application> applications) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Controller(String version, Instant startedAt, long uptimeSeconds, String awsBackend, String region,
                             String account, String resyncInterval, String effectiveResyncInterval,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String resyncStretched, LastPass lastPass,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String specsUnreadable,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String writeLease,
                             @JsonInclude(JsonInclude.Include.NON_NULL) io.tracefleet.reconcile.LeaseReport leases,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String localAws) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastPass(Instant startedAt, Instant completedAt, Long durationMillis, String outcome) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Application(String name, String region, String sync, String health, boolean paused,
                              String observedGeneration, Instant lastCycleAt, Long lastCycleMillis,
                              List<Condition> conditions, String lastError,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String specProblem,
                              Map<String, String> outputs, List<Resource> resources) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resource(String kind, String id, String physicalName, String arn, String sync, String health,
                           String healthReason, List<Drift> drift, String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DriftEntry(String application, String kind, String id, String physicalName, String sync,
                             List<Drift> drift, String message) {
    }

    public record PlannedAction(String verb, String kind, String id, String physicalName, List<Drift> changes,
                                String note) {
    }

    /**
     * @param observedAt when the observation behind it started
     * @param reused     true when it was answered from an observation made for another request (at most the plan
     *                   reuse period ago, or still running when this request came)
     */
    public record Plan(String application, int changes, List<PlannedAction> actions, String text,
                       java.time.Instant observedAt, boolean reused) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /**
     * @param lastValidInForce for a document of a file that is now invalid: what the controller still acts on in
     *                         its place, the file's last valid version (null otherwise)
     */
    public record SpecFile(String file, Integer document, String application, String generation, boolean valid,
                           boolean inForce, List<SpecProblem> errors, List<KeptVersion> lastValidInForce,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SpecProblem> warnings) {
    }

    public record KeptVersion(String application, String generation) {
    }

    public record SpecProblem(int line, int column, String field, String message) {
    }

    public record Accepted(String message, List<String> applications) {
    }

    public record PauseState(String application, boolean paused) {
    }

    /** Held deletions a person confirmed: the identifiers (ARNs, ids) the next cycle deletes. */
    public record DeletionsConfirmed(String message, String application, List<String> deletions) {
    }
}
