package io.tracefleet;

import io.tracefleet.setup.OwnershipKeySource;
import io.tracefleet.setup.AwsBackend;
import io.tracefleet.setup.TracefleetConfiguration;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.tracefleet.api.BearerTokenFilter;
import io.tracefleet.api.ControlResource;
import io.tracefleet.api.ControllerInfo;
import io.tracefleet.api.StatusResource;
import io.tracefleet.aws.ApiBudget;
import io.tracefleet.aws.AwsCallLog;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.aws.AwsRateLimiter;
import io.tracefleet.aws.RegionalAwsClients;
import io.tracefleet.cli.ApplyCommand;
import io.tracefleet.setup.CommandFailure;
import io.tracefleet.cli.ConfirmCommand;
import io.tracefleet.cli.PlanCommand;
import io.tracefleet.cli.RenderCommand;
import io.tracefleet.cli.SchemaCommand;
import io.tracefleet.cli.SealCommand;
import io.tracefleet.cli.ValidateCommand;
import io.tracefleet.health.AwsReachableHealthCheck;
import io.tracefleet.leader.LeaderLease;
import io.tracefleet.leader.WriteFence;
import io.tracefleet.health.ReconcilerAliveHealthCheck;
import io.tracefleet.health.SpecsValidHealthCheck;
import io.tracefleet.metrics.PrometheusServlet;
import io.tracefleet.metrics.PrometheusText;
import io.tracefleet.ownership.OwnershipKeys;
import io.tracefleet.reconcile.ReconcileLoop;
import io.tracefleet.reconcile.Reconciler;
import io.tracefleet.resources.ResourceHandlers;
import io.tracefleet.spec.SpecLoader;
import io.tracefleet.spec.SpecsInForce;
import io.tracefleet.status.StatusStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/** Wires the controller by hand, top to bottom: no DI framework, so a reader can follow every object. */
public class TracefleetApplication extends Application<TracefleetConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(TracefleetApplication.class);

    private final PrintStream out;
    private Wiring wiring;

    public TracefleetApplication() {
        this(System.out);
    }

    /** {@code out} receives what commands print for the user (reports, renders); tests capture it. */
    public TracefleetApplication(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        new TracefleetApplication().run(args);
    }

    @Override
    public String getName() {
        return "tracefleet";
    }

    @Override
    public void initialize(Bootstrap<TracefleetConfiguration> bootstrap) {
        // The API speaks ISO-8601 (2026-12-01T08:16:26.546Z), which GET /events?since= also takes, not epoch numbers.
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addCommand(new ValidateCommand(out));
        bootstrap.addCommand(new RenderCommand(out));
        bootstrap.addCommand(new SchemaCommand(out));
        bootstrap.addCommand(new PlanCommand(out));
        bootstrap.addCommand(new ApplyCommand(out));
        bootstrap.addCommand(new ConfirmCommand(out));
        bootstrap.addCommand(new SealCommand(out));
    }

    /** The objects a running controller is made of; tests reach them through {@link #wiring()}. */
    public record Wiring(Reconciler reconciler, ReconcileLoop loop, StatusStore status, AwsCallLog calls,
                         String backend) {
    }

    @Override
    public void run(TracefleetConfiguration config, Environment environment) throws Exception {
        Path specsDir = Path.of(config.getSpecsDir());
        if (!Files.isDirectory(specsDir)) {
            throw new CommandFailure(1, "the specs directory " + specsDir.toAbsolutePath() + " does not exist; "
                    + "set specsDir in the config or TRACEFLEET_SPECS_DIR");
        }
        regionOfTheSpecsForLocalAws(config, specsDir);
        // Dropwizard stops managed objects in reverse order: the loop (interrupting the pass), then the AWS clients
        // (ending any call still blocked on a socket), then the workers, which by then have nothing left to wait for.
        OwnershipKeys keys = OwnershipKeySource.keys(config);
        ExecutorService workers = environment.lifecycle().executorService("tracefleet-app-%d")
                .minThreads(config.getConcurrency()).maxThreads(config.getConcurrency()).build();
        AwsCallLog calls = new AwsCallLog();
        ApiBudget budget = ApiBudget.documented(config.getApiBudgetShare());
        WriteFence fence = new WriteFence();
        AwsBackend backend = AwsBackend.open(config.getAws(), calls,
                config.getAws().isRateLimited() ? AwsRateLimiter.of(budget) : null, fence);
        environment.lifecycle().manage(closing(backend));
        RegionalAwsClients clients = backend.clients();

        StatusStore status = new StatusStore();
        Duration settle = Duration.ofMillis(config.getSpecSettle().toMilliseconds());
        Reconciler reconciler = new Reconciler(new SpecsInForce(specsDir, settle, Clock.systemUTC()), clients,
                ResourceHandlers.all(config.getTargetHealth()), keys, workers, status, Clock.systemUTC(),
                config.getDeletionGuard().toGuard());
        if (config.getLeaderElection().isEnabled()) {
            LeaderLease lease = leaderLease(config.getLeaderElection(), backend);
            // Managed before the loop, so stopping ends the loop's pass first and then releases the lease.
            environment.lifecycle().manage(lease);
            fence.guardWith(lease);
            reconciler.writeOnlyUnder(lease);
        }
        Duration resync = Duration.ofMillis(config.getResyncInterval().toMilliseconds());
        ReconcileLoop loop = new ReconcileLoop(reconciler, specsDir, resync, config.isWatchSpecs(), budget,
                calls, Duration.ofMillis(config.getProgressRecheck().toMilliseconds()));
        environment.lifecycle().manage(loop);
        serveApi(config, environment, backend, reconciler, loop, status, calls, resync);
        wiring = new Wiring(reconciler, loop, status, calls, backend.description());
        LOG.info("Tracefleet reconciles {} every {} against {}, within {}% of AWS's throttle rates",
                specsDir.toAbsolutePath(), config.getResyncInterval(), backend.description(),
                Math.round(budget.share() * 100));
    }

    /** The REST API, its token filter, the health checks and the Prometheus text, all over the same objects. */
    private static void serveApi(TracefleetConfiguration config, Environment environment, AwsBackend backend,
                                 Reconciler reconciler, ReconcileLoop loop, StatusStore status, AwsCallLog calls,
                                 Duration resync) {
        Supplier<AwsClients> accountClients = () -> backend.clients().in(backend.accountRegion());
        ControllerInfo info = new ControllerInfo(Clock.systemUTC(), backend.description(), backend.accountRegion(),
                loop::resync, accountClients);
        environment.jersey().register(new BearerTokenFilter(config.getApiToken(), config.isProtectReads()));
        environment.jersey().register(new StatusResource(status, reconciler, info));
        environment.jersey().register(new ControlResource(reconciler, loop));
        io.tracefleet.ui.WebUi.serve(environment, reconciler, status, info);
        environment.healthChecks().register("aws", new AwsReachableHealthCheck(accountClients));
        environment.healthChecks().register("reconciler", new ReconcilerAliveHealthCheck(status,
                () -> loop.resync().effective(),
                Clock.systemUTC()));
        environment.healthChecks().register("specs", new SpecsValidHealthCheck(reconciler.specs()));
        environment.admin().addServlet("prometheus", new PrometheusServlet(new PrometheusText(calls, status)))
                .addMapping("/prometheus");
    }

    /**
     * The embedded AWS serves every region, but the line printed for a shell, and the region status names, take one:
     * when no region is configured and every spec names the same one, it is that one (the seed's Tokyo), so that
     * pasting the line gives an AWS CLI that sees what the controller made.
     */
    private static void regionOfTheSpecsForLocalAws(TracefleetConfiguration config, Path specsDir) {
        if (!config.getAws().isLocal() || !config.getAws().getRegion().isEmpty()) {
            return;
        }
        java.util.Set<String> regions = new SpecLoader().load(specsDir).validApplications().stream()
                .map(application -> application.spec().region()).collect(java.util.stream.Collectors.toSet());
        if (regions.size() == 1) {
            config.getAws().setRegion(regions.iterator().next());
        }
    }

    private static LeaderLease leaderLease(TracefleetConfiguration.LeaderElectionSettings settings,
                                           AwsBackend backend) {
        String identity = settings.getIdentity().isEmpty()
                ? hostName() + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffffL)
                : settings.getIdentity();
        return new LeaderLease(backend.clients().in(backend.accountRegion()).dynamodb(), settings.getTable(),
                identity, Duration.ofMillis(settings.getLeaseDuration().toMilliseconds()),
                Duration.ofMillis(settings.getHeartbeat().toMilliseconds()),
                Duration.ofMillis(settings.getWriteMargin().toMilliseconds()));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "controller";
        }
    }

    public Wiring wiring() {
        return wiring;
    }

    private static Managed closing(AutoCloseable resource) {
        return new Managed() {
            @Override
            public void stop() throws Exception {
                resource.close();
            }
        };
    }

    /** A {@link CommandFailure} ends the process with its own exit code and message, without a stack trace. */
    @Override
    protected void onFatalError(Throwable t) {
        if (t instanceof CommandFailure failure) {
            System.err.println(failure.getMessage());
            System.exit(failure.exitCode());
        }
        super.onFatalError(t);
    }
}
