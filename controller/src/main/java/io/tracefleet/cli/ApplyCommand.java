package io.tracefleet.cli;

import io.tracefleet.setup.CommandFailure;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.Reconciler;
import io.tracefleet.reconcile.ResourceStatus;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code apply CONFIG}: one full cycle that applies every spec in force (pruning included), then exit 0 if every
 * application is in sync, 1 if anything is left (an error, a conflict, a replacement that needs another pass).
 */
public final class ApplyCommand extends CycleCommand {

    public ApplyCommand(PrintStream out) {
        super("apply", "Run one reconcile cycle that applies the specs, then exit with its outcome", out);
    }

    @Override
    public void configure(net.sourceforge.argparse4j.inf.Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--confirm-deletions").action(net.sourceforge.argparse4j.impl.Arguments.storeTrue())
                .help("make deletions the deletion guard would hold (run plan first to see them)");
    }

    @Override
    io.tracefleet.reconcile.DeletionGuard guard(net.sourceforge.argparse4j.inf.Namespace namespace,
                                                 io.tracefleet.setup.TracefleetConfiguration config) {
        return Boolean.TRUE.equals(namespace.getBoolean("confirm_deletions"))
                ? io.tracefleet.reconcile.DeletionGuard.OFF : super.guard(namespace, config);
    }

    @Override
    List<CycleResult> cycle(Reconciler reconciler) {
        // An explicit apply, like POST /reconcile/{app}: it applies even where the spec says selfHeal: false.
        return reconciler.specs().applications().stream()
                .map(app -> reconciler.reconcileNow(app.name()).orElseThrow()).toList();
    }

    @Override
    void finish(List<CycleResult> results, boolean json) {
        results.forEach(result -> out.print(result.plan().toText()));
        List<String> left = results.stream().flatMap(result -> result.outOfSync().stream()
                .filter(r -> !r.isBesideTheSpec())
                .map(r -> result.application() + " " + describe(r))).toList();
        if (!left.isEmpty()) {
            left.forEach(out::println);
            throw new CommandFailure(1, left.size() + " resource(s) not in sync after the cycle");
        }
    }

    private static String describe(ResourceStatus status) {
        return status.id() + " (" + status.kind() + " " + status.physicalName() + "): " + status.sync()
                + (status.message() == null ? "" : ": " + status.message());
    }
}
