package io.tracefleet.cli;

import io.tracefleet.setup.CommandFailure;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.tracefleet.setup.AwsBackend;
import io.tracefleet.setup.TracefleetConfiguration;
import io.tracefleet.ownership.OwnershipKeys;
import io.tracefleet.aws.AwsCallLog;
import io.tracefleet.aws.AwsRateLimiter;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.Reconciler;
import io.tracefleet.resources.ResourceHandlers;
import io.tracefleet.spec.SpecError;
import io.tracefleet.spec.SpecsInForce;
import io.tracefleet.status.StatusStore;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One cycle over every spec against the configured AWS, then exit: the server's reconciler without its loop, so
 * {@code plan} shows exactly what the server would do and {@code apply} does exactly that once.
 */
abstract class CycleCommand extends ConfiguredCommand<TracefleetConfiguration> {
    protected final PrintStream out;

    protected CycleCommand(String name, String description, PrintStream out) {
        super(name, description);
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--json").action(Arguments.storeTrue()).help("print JSON for machines");
    }

    @Override
    protected void run(Bootstrap<TracefleetConfiguration> bootstrap, Namespace namespace,
                       TracefleetConfiguration config) throws Exception {
        Path specsDir = Path.of(config.getSpecsDir());
        if (!Files.isDirectory(specsDir)) {
            throw new CommandFailure(1, "the specs directory " + specsDir.toAbsolutePath() + " does not exist");
        }
        OwnershipKeys keys = io.tracefleet.setup.OwnershipKeySource.keys(config);
        ExecutorService workers = Executors.newFixedThreadPool(config.getConcurrency());
        try (AwsBackend backend = AwsBackend.open(config.getAws(), new AwsCallLog(),
                AwsRateLimiter.of(io.tracefleet.aws.ApiBudget.documented(config.getApiBudgetShare())))) {
            Reconciler reconciler = new Reconciler(new SpecsInForce(specsDir), backend.clients(),
                    ResourceHandlers.all(config.getTargetHealth()), keys, workers, new StatusStore(),
                    Clock.systemUTC(), guard(namespace, config));
            List<SpecError> errors = reconciler.specs().refresh().errors();
            if (!errors.isEmpty()) {
                errors.forEach(error -> out.println(error.format()));
                throw new CommandFailure(1, errors.size() + " errors in the specs; nothing was observed or changed");
            }
            finish(cycle(reconciler), namespace.getBoolean("json"));
        } finally {
            workers.shutdownNow();
        }
    }

    /** The deletion guard this command runs with: the configuration's, unless the command says otherwise. */
    io.tracefleet.reconcile.DeletionGuard guard(Namespace namespace, TracefleetConfiguration config) {
        return config.getDeletionGuard().toGuard();
    }

    /** Runs this command's cycle over every application in force. */
    abstract List<CycleResult> cycle(Reconciler reconciler);

    /** Prints the results and ends with this command's exit code (a {@link CommandFailure} for non-zero). */
    abstract void finish(List<CycleResult> results, boolean json) throws Exception;

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (!(e instanceof CommandFailure)) {
            super.onError(cli, namespace, e);
        }
    }
}
