package io.tracefleet.cli;

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
 * would change, 2 when something would, 1 on error — {@code terraform plan -detailed-exitcode}'s contract, so CI
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

    @Override
    void finish(List<CycleResult> results, boolean json) throws Exception {
        List<Plan> plans = results.stream().map(CycleResult::plan).toList();
        if (json) {
            out.println(new ObjectMapper().registerModule(new JavaTimeModule())
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plans));
        } else {
            plans.forEach(plan -> out.print(plan.toText()));
        }
        long failing = results.stream().flatMap(r -> r.resources().stream())
                .filter(r -> r.sync() == io.tracefleet.reconcile.SyncState.ERROR).count();
        if (failing > 0) {
            throw new CommandFailure(1, failing + " resource(s) could not be observed; the plan is incomplete");
        }
        if (plans.stream().anyMatch(plan -> !plan.isEmpty())) {
            throw new CommandFailure(2, "changes pending");
        }
    }
}
