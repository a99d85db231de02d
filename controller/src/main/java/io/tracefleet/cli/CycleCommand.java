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
import io.tracefleet.resources.RevisionFiles;
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
    /** The controller's config file as seen from the checkout's root. */
    static final String DEFAULT_CONFIG = "controller/config.yml";
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

    /**
     * The controller's config file is required: without it Dropwizard would plan with built-in defaults (a fresh,
     * empty embedded AWS), and a specs directory given in its place would end in a stack trace.
     */
    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        String file = namespace.getString("file");
        if (file == null && Files.isRegularFile(Path.of(DEFAULT_CONFIG))) {
            // Run from the checkout's root, as the README's commands are.
            file = DEFAULT_CONFIG;
            namespace.getAttrs().put("file", file);
        }
        if (file == null) {
            throw new CommandFailure(1, getName() + " needs the controller's config file, which says where the specs "
                    + "and AWS are: java -jar tracefleet.jar " + getName() + " controller/config.yml (the default "
                    + "when run from the checkout's root)");
        }
        if (Files.isDirectory(Path.of(file))) {
            throw new CommandFailure(1, file + " is a directory; " + getName() + " takes the controller's config file "
                    + "(controller/config.yml), whose specsDir names the specs directory");
        }
        super.run(bootstrap, namespace);
    }

    @Override
    protected void run(Bootstrap<TracefleetConfiguration> bootstrap, Namespace namespace,
                       TracefleetConfiguration config) throws Exception {
        Path specsDir = Path.of(config.getSpecsDir());
        if (!Files.isDirectory(specsDir)) {
            throw new CommandFailure(1, "the specs directory " + specsDir.toAbsolutePath() + " does not exist");
        }
        if (config.getAws().isLocal()) {
            useRunningControllersLocalAws(config, specsDir);
        }
        OwnershipKeys keys = io.tracefleet.setup.OwnershipKeySource.keys(config);
        ExecutorService workers = Executors.newFixedThreadPool(config.getConcurrency());
        // Paced as the server is (aws.rateLimited): real AWS and explicit endpoints, not the embedded moto.
        AwsRateLimiter limiter = config.getAws().isPaced() ? AwsRateLimiter.of(new io.tracefleet.aws.ApiBudget(
                config.getAws().throttleLimits(), config.getApiBudgetShare())) : null;
        try (AwsBackend backend = AwsBackend.open(config.getAws(), new AwsCallLog(), limiter)) {
            Reconciler reconciler = new Reconciler(new SpecsInForce(specsDir), backend.clients(),
                    ResourceHandlers.all(config.getTargetHealth(), config.revisionCacheDir().flatMap(
                            dir -> RevisionFiles.in(dir, RevisionFiles.DEFAULT_CAPACITY))), keys, workers,
                    new StatusStore(),
                    Clock.systemUTC(), guard(namespace, config));
            reconciler.showPlainEnvValues(config.isShowEnvValues());
            reconciler.resourceParallelism(config.getResourceParallelism(), io.tracefleet.reconcile.ThreadCarrier.NONE);
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

    /**
     * With {@code aws.endpoint: local} the AWS is the running controller's embedded one, with the key that run signs
     * with. An AWS of the command's own would be empty and die with it: every resource would show as to be created.
     */
    private void useRunningControllersLocalAws(TracefleetConfiguration config, Path specsDir) {
        Path pointer = io.tracefleet.setup.LocalRunFile.locationFor(specsDir);
        io.tracefleet.setup.LocalRunFile run = io.tracefleet.setup.LocalRunFile.readLive(pointer).orElseThrow(() ->
                new CommandFailure(1, "no controller with an embedded AWS (aws.endpoint: local) is running for "
                        + specsDir.toAbsolutePath().normalize() + ", so there is nothing to " + getName()
                        + " against. Start it first: java -jar controller/target/tracefleet.jar server "
                        + "controller/config.yml, or set TRACEFLEET_AWS_ENDPOINT to another AWS endpoint"));
        config.getAws().setEndpoint(run.endpoint().toString());
        if (config.getOwnership().getKeys().isEmpty()) {
            config.getOwnership().setKeys(run.ownershipKeys());
        }
        out.println("note: using the embedded AWS of the controller running as pid " + run.pid() + ", at "
                + run.endpoint());
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
