package io.tracefleet.cli;

import io.tracefleet.setup.CommandFailure;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.tracefleet.setup.AwsBackend;
import io.tracefleet.setup.TracefleetConfiguration;
import io.tracefleet.aws.AwsCallLog;
import io.tracefleet.aws.AwsRateLimiter;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.ownership.OwnershipKeys;
import io.tracefleet.reconcile.Sealer;
import io.tracefleet.resources.ResourceHandlers;
import io.tracefleet.spec.SpecError;
import io.tracefleet.spec.SpecsInForce;
import io.tracefleet.spec.model.TracedApplication;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code seal <config> [--dry-run]}: adds the ownership proof to every resource the current specs name that carries
 * its application's three ownership tags, such as what a version of Tracefleet without proofs created. Prints every
 * resource's outcome; exit 1 if any could not be read or sealed.
 */
public final class SealCommand extends ConfiguredCommand<TracefleetConfiguration> {
    private final PrintStream out;

    public SealCommand(PrintStream out) {
        super("seal", "Add the ownership proof to resources the specs name that carry Tracefleet's ownership tags");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--dry-run").action(Arguments.storeTrue())
                .help("say what would be sealed, write nothing");
    }

    @Override
    protected void run(Bootstrap<TracefleetConfiguration> bootstrap, Namespace namespace,
                       TracefleetConfiguration config) throws Exception {
        boolean dryRun = namespace.getBoolean("dry_run");
        Path specsDir = Path.of(config.getSpecsDir());
        if (!Files.isDirectory(specsDir)) {
            throw new CommandFailure(1, "the specs directory " + specsDir.toAbsolutePath() + " does not exist");
        }
        OwnershipKeys keys = io.tracefleet.setup.OwnershipKeySource.keys(config);
        SpecsInForce specs = new SpecsInForce(specsDir);
        List<SpecError> errors = specs.refresh().errors();
        if (!errors.isEmpty()) {
            errors.forEach(error -> out.println(error.format()));
            throw new CommandFailure(1, errors.size() + " errors in the specs; nothing was sealed");
        }
        Map<Sealer.Outcome, Integer> counts = new EnumMap<>(Sealer.Outcome.class);
        try (AwsBackend backend = AwsBackend.open(config.getAws(), new AwsCallLog(),
                config.getAws().isPaced() ? AwsRateLimiter.of(new io.tracefleet.aws.ApiBudget(
                        config.getAws().throttleLimits(), config.getApiBudgetShare())) : null)) {
            ResourceHandlers handlers = ResourceHandlers.all(config.getTargetHealth());
            for (TracedApplication application : specs.applications()) {
                DesiredState desired = DesiredStateBuilder.build(application);
                Sealer sealer = new Sealer(backend.clients().in(desired.region()), handlers, keys);
                for (Sealer.Seal seal : sealer.seal(desired, dryRun)) {
                    out.println(application.name() + ": " + seal.describe());
                    counts.merge(seal.outcome(), 1, Integer::sum);
                }
            }
        }
        out.println(summary(counts, dryRun));
        if (counts.getOrDefault(Sealer.Outcome.FAILED, 0) > 0) {
            throw new CommandFailure(1, counts.get(Sealer.Outcome.FAILED) + " resource(s) could not be read or "
                    + "sealed; run seal again");
        }
    }

    private static String summary(Map<Sealer.Outcome, Integer> counts, boolean dryRun) {
        StringBuilder text = new StringBuilder(dryRun ? "dry run, nothing written: " : "");
        counts.forEach((outcome, n) -> text.append(n).append(' ')
                .append(outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(", "));
        return counts.isEmpty() ? text + "no resources" : text.substring(0, text.length() - 2);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (!(e instanceof CommandFailure)) {
            super.onError(cli, namespace, e);
        }
    }
}
