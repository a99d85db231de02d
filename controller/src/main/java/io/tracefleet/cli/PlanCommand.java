package io.tracefleet.cli;

import io.tracefleet.setup.CommandFailure;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.Plan;
import io.tracefleet.reconcile.Reconciler;
import io.tracefleet.spec.model.TracedApplication;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code plan CONFIG}: observe and diff once, print what a cycle would do, change nothing. Exit 0 when nothing
 * would change, 2 when something would, 1 on error or when anything could not be planned — {@code terraform plan -detailed-exitcode}'s contract, so CI
 * can gate on it.
 */
public final class PlanCommand extends CycleCommand {

    public PlanCommand(PrintStream out) {
        super("plan", "Show what a cycle would change in AWS, without changing anything (exit 2 if anything)", out);
    }

    @Override
    List<CycleResult> cycle(Reconciler reconciler) {
        return reconciler.specs().applications().stream().map(TracedApplication::name)
                .map(name -> reconciler.plan(name).orElseThrow()).toList();
    }

    /** What the plan will not touch, though it has the spec's name or the application's tags, and why. */
    private void printLeftAlone(CycleResult result) {
        result.resources().stream().filter(r -> LEFT_ALONE.contains(r.sync())).forEach(r -> out.println(
                "  left alone (" + r.sync() + "): " + r.id() + " (" + r.kind().label() + " " + r.physicalName()
                        + "): " + r.message()));
    }

    private static final java.util.Set<io.tracefleet.reconcile.SyncState> LEFT_ALONE = java.util.EnumSet.of(
            io.tracefleet.reconcile.SyncState.CONFLICT, io.tracefleet.reconcile.SyncState.UNPROVEN,
            io.tracefleet.reconcile.SyncState.UNMANAGED);

    private static final java.util.Set<io.tracefleet.reconcile.SyncState> UNPLANNED = java.util.EnumSet.of(
            io.tracefleet.reconcile.SyncState.ERROR, io.tracefleet.reconcile.SyncState.BLOCKED,
            io.tracefleet.reconcile.SyncState.CONFLICT, io.tracefleet.reconcile.SyncState.UNPROVEN);

    @Override
    void finish(List<CycleResult> results, boolean json) throws Exception {
        List<Plan> plans = results.stream().map(CycleResult::plan).toList();
        if (json) {
            out.println(new ObjectMapper().registerModule(new JavaTimeModule())
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plans));
        } else {
            plans.forEach(plan -> out.print(plan.toText()));
            results.forEach(this::printLeftAlone);
        }
        // "No changes" is a promise about every resource: one that could not be observed, waits behind one that
        // could not, or bears our name without being provably ours was not planned, so the plan cannot pass.
        List<String> unplanned = results.stream().flatMap(r -> r.resources().stream()
                        .filter(resource -> UNPLANNED.contains(resource.sync()))
                        .map(resource -> r.application() + ": " + resource.id() + " (" + resource.kind().label() + " "
                                + resource.physicalName() + ") " + resource.sync() + (resource.message() == null ? ""
                                : ": " + resource.message())))
                .toList();
        if (!unplanned.isEmpty()) {
            throw new CommandFailure(1, unplanned.size() + " resource(s) could not be planned, so the plan is "
                    + "incomplete:\n  " + String.join("\n  ", unplanned.subList(0, Math.min(20, unplanned.size())))
                    + (unplanned.size() > 20 ? "\n  and " + (unplanned.size() - 20) + " more" : ""));
        }
        if (plans.stream().anyMatch(plan -> !plan.isEmpty())) {
            throw new CommandFailure(2, "changes pending");
        }
    }
}
