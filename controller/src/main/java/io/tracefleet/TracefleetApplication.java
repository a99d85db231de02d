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
import jakarta.servlet.DispatcherType;
import io.tracefleet.api.AdminPortFilter;
import io.tracefleet.api.ApiToken;
import io.tracefleet.api.BearerTokenFilter;
import io.tracefleet.api.HealthResource;
import io.tracefleet.api.ControlResource;
import io.tracefleet.api.ControllerInfo;
import io.tracefleet.api.StatusResource;
import io.tracefleet.aws.ApiBudget;
import io.tracefleet.aws.AwsCallLog;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.aws.AwsRateLimiter;
import io.tracefleet.tracing.ControllerTracing;
import io.tracefleet.aws.RegionalAwsClients;
import io.tracefleet.cli.ApplyCommand;
import io.tracefleet.setup.CommandFailure;
import io.tracefleet.cli.ConfirmCommand;
import io.tracefleet.cli.Described;
import io.tracefleet.cli.PlanCommand;
import io.tracefleet.cli.RenderCommand;
import io.tracefleet.cli.SchemaCommand;
import io.tracefleet.cli.SealCommand;
import io.tracefleet.cli.StatusCommand;
import io.tracefleet.cli.ValidateCommand;
import io.tracefleet.health.AwsReachableHealthCheck;
import io.tracefleet.leader.Leases;
import io.tracefleet.leader.Shards;
import io.tracefleet.health.LocalAwsHealthCheck;
import io.tracefleet.leader.WriteFence;
import io.tracefleet.health.ReconcilerAliveHealthCheck;
import io.tracefleet.health.SpecsValidHealthCheck;
import io.tracefleet.metrics.PrometheusResource;
import io.tracefleet.metrics.PrometheusServlet;
import io.tracefleet.metrics.PrometheusText;
import io.tracefleet.ownership.OwnershipKeys;
import io.tracefleet.reconcile.OnDemandPlans;
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
import java.util.EnumSet;
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
        bootstrap.addCommand(Described.of(new ValidateCommand(out)));
        bootstrap.addCommand(Described.of(new RenderCommand(out)));
        bootstrap.addCommand(Described.of(new SchemaCommand(out)));
        bootstrap.addCommand(Described.of(new PlanCommand(out)));
        bootstrap.addCommand(Described.of(new ApplyCommand(out)));
        bootstrap.addCommand(Described.of(new StatusCommand(out)));
        bootstrap.addCommand(Described.of(new ConfirmCommand(out)));
        bootstrap.addCommand(Described.of(new SealCommand(out)));
    }

    @Override
    protected void addDefaultCommands(Bootstrap<TracefleetConfiguration> bootstrap) {
        bootstrap.addCommand(Described.of(new io.tracefleet.cli.ServerStart(this), "Run the controller: "
                + "reconcile the specs, serve the REST API and the web UI (takes controller/config.yml)"));
        bootstrap.addCommand(Described.of(new io.dropwizard.core.cli.CheckCommand<>(this), "Check that a config "
                + "file parses and is valid, then exit"));
    }

    /**
     * The objects a running controller is made of; tests reach them through {@link #wiring()}.
     *
     * @param limiter the client-side rate limiter, when calls are paced: its waits per bucket, for the bench
     */
    public record Wiring(Reconciler reconciler, ReconcileLoop loop, StatusStore status, AwsCallLog calls,
                         String backend, java.util.Optional<AwsRateLimiter> limiter) {
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
        ApiBudget budget = new ApiBudget(config.getAws().throttleLimits(), config.getApiBudgetShare());
        WriteFence fence = new WriteFence();
        AwsRateLimiter limiter = config.getAws().isPaced() ? AwsRateLimiter.of(budget) : null;
        ControllerTracing tracing = tracing(config);
        AwsBackend backend = AwsBackend.open(config.getAws(), calls, limiter, fence,
                tracing.endpoint().isPresent() ? tracing.awsCallSpans() : null);
        // Managed before the loop, so stopping ends the pass first and then sends its last spans.
        environment.lifecycle().manage(closing(tracing));
        environment.lifecycle().manage(closing(backend));
        backend.localAws().ifPresent(local -> announceLocalAws(config, specsDir, local.endpoint(), environment));
        RegionalAwsClients clients = backend.clients();

        StatusStore status = new StatusStore();
        Duration settle = Duration.ofMillis(config.getSpecSettle().toMilliseconds());
        Reconciler reconciler = new Reconciler(new SpecsInForce(specsDir, settle, Clock.systemUTC()), clients,
                ResourceHandlers.all(config.getTargetHealth()), keys, workers, status, Clock.systemUTC(),
                config.getDeletionGuard().toGuard());
        reconciler.showPlainEnvValues(config.isShowEnvValues());
        reconciler.tracedBy(tracing.tracer());
        // A cycle's resource workers count their calls to its tally and put their AWS call spans under its span.
        io.tracefleet.reconcile.ThreadCarrier cycleTally = calls::carryingTally;
        reconciler.resourceParallelism(config.getResourceParallelism(),
                cycleTally.and(work -> io.opentelemetry.context.Context.current().wrap(work)));
        Duration resync = Duration.ofMillis(config.getResyncInterval().toMilliseconds());
        // Unpaced (the embedded moto, or aws.rateLimited: false) means AWS's buckets are not what limits the calls,
        // so they do not stretch the resync either: a converge of many resources would otherwise wait minutes for
        // load balancer creates AWS would have throttled and the emulator did not.
        ApiBudget resyncBudget = limiter != null ? budget : new ApiBudget(java.util.Map.of(), budget.share());
        ReconcileLoop loop = new ReconcileLoop(reconciler, specsDir, resync, config.isWatchSpecs(), resyncBudget,
                calls, Duration.ofMillis(config.getProgressRecheck().toMilliseconds()));
        leases(config, backend).ifPresent(leases -> {
            // Managed before the loop, so stopping ends the loop's pass first and then releases the leases.
            environment.lifecycle().manage(leases);
            fence.guardWith(leases);
            reconciler.writeOnlyUnder(leases);
            java.util.function.IntSupplier live = leases::budgetSharers;
            loop.shareBudgetAmong(live);
            leases.onGain(() -> loop.trigger("lease gained"));
            if (limiter != null) {
                limiter.shareAmong(live);
            }
        });
        environment.lifecycle().manage(loop);
        OnDemandPlans plans = new OnDemandPlans(application -> {
            try (AwsCallLog.Tally tally = calls.tally()) {
                return reconciler.plan(application)
                        .map(result -> new OnDemandPlans.Observation(result, tally.attemptsByBucket()));
            }
        }, budget, Clock.systemUTC(), config.getPlans().toSettings());
        serveApi(config, environment, backend, reconciler, loop, status, calls, plans);
        wiring = new Wiring(reconciler, loop, status, calls, backend.description(),
                java.util.Optional.ofNullable(limiter));
        LOG.info("Tracefleet reconciles {} every {} against {}, within {}% of AWS's throttle rates; {}",
                specsDir.toAbsolutePath(), config.getResyncInterval(), backend.description(),
                Math.round(budget.share() * 100), tracing.describe());
    }

    private static ControllerTracing tracing(TracefleetConfiguration config) {
        return ControllerTracing.tracesUrl(config.getTracing().getOtlpEndpoint(), System::getenv)
                .map(url -> ControllerTracing.exportingTo(url, config.getLeaderElection().getIdentity().isEmpty()
                        ? hostName() + "-" + ProcessHandle.current().pid() : config.getLeaderElection().getIdentity()))
                .orElseGet(ControllerTracing::off);
    }

    /**
     * The REST API, its token filter, the health checks and the Prometheus text, all over the same objects. Health
     * and metrics are served on the API port as well, so that the admin port can stay on loopback.
     */
    private static void serveApi(TracefleetConfiguration config, Environment environment, AwsBackend backend,
                                 Reconciler reconciler, ReconcileLoop loop, StatusStore status, AwsCallLog calls,
                                 OnDemandPlans plans) {
        Supplier<AwsClients> accountClients = () -> backend.clients().in(backend.accountRegion());
        ControllerInfo info = new ControllerInfo(Clock.systemUTC(), backend.description(), backend.accountRegion(),
                loop::resync, accountClients,
                () -> backend.localAws().map(aws -> aws.state().describe()).orElse(null));
        environment.jersey().register(new BearerTokenFilter(config.getApiToken(), config.isProtectReads()));
        environment.jersey().register(new io.tracefleet.api.PrettyJsonFilter());
        environment.admin().addFilter("api-token", new AdminPortFilter(new ApiToken(config.getApiToken())))
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
        StatusResource statusApi = new StatusResource(status, reconciler, info, plans);
        environment.jersey().register(statusApi);
        environment.jersey().register(new ControlResource(reconciler, loop));
        io.tracefleet.ui.WebUi.serve(environment, reconciler, status, statusApi);
        environment.healthChecks().register("aws", new AwsReachableHealthCheck(accountClients));
        environment.healthChecks().register("reconciler", new ReconcilerAliveHealthCheck(status,
                () -> loop.resync().effective(),
                Clock.systemUTC()));
        environment.healthChecks().register("specs", new SpecsValidHealthCheck(reconciler.specs()));
        backend.localAws().ifPresent(local -> environment.healthChecks().register("local-aws",
                new LocalAwsHealthCheck(local::state)));
        PrometheusText metrics = new PrometheusText(calls, status, () -> reconciler.lease().report());
        environment.admin().addServlet("prometheus", new PrometheusServlet(metrics)).addMapping("/prometheus");
        environment.jersey().register(new PrometheusResource(metrics));
        environment.jersey().register(new HealthResource(environment.healthChecks()::runHealthChecks));
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

    /**
     * The leases in DynamoDB: with leader election on, the ones that let this controller write; off, against an AWS
     * other controllers can reach, only a heartbeat and a watch for them. Empty for a lone controller.
     */
    private static java.util.Optional<Leases> leases(TracefleetConfiguration config, AwsBackend backend) {
        TracefleetConfiguration.LeaderElectionSettings settings = config.getLeaderElection();
        boolean watch = switch (settings.getWatchWhenOff()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> config.getAws().isRealAws();
        };
        if (!settings.isEnabled() && !watch) {
            return java.util.Optional.empty();
        }
        String identity = settings.getIdentity().isEmpty()
                ? hostName() + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffffL)
                : settings.getIdentity();
        return java.util.Optional.of(new Leases(backend.clients().in(backend.accountRegion()).dynamodb(),
                settings.getTable(), identity, new Shards(settings.getShards()), settings.isEnabled(),
                Duration.ofMillis(settings.getLeaseDuration().toMilliseconds()),
                Duration.ofMillis(settings.getHeartbeat().toMilliseconds()),
                Duration.ofMillis(settings.getWriteMargin().toMilliseconds()), Clock.systemUTC()));
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

    /**
     * Tells {@code plan} and {@code apply} run from this checkout where this run's embedded AWS is and which key signs
     * its ownership proofs, until it stops; without it they could only start an empty AWS of their own.
     */
    private static void announceLocalAws(TracefleetConfiguration config, Path specsDir, java.net.URI endpoint,
                                         Environment environment) {
        Path file = io.tracefleet.setup.LocalRunFile.locationFor(specsDir);
        // Once the ports are open: a controller that fails to start (a busy port) must not replace a running one's.
        environment.lifecycle().addServerLifecycleListener(server -> {
            try {
                new io.tracefleet.setup.LocalRunFile(endpoint, config.getOwnership().getKeys(),
                        ProcessHandle.current().pid()).write(file);
            } catch (java.io.IOException e) {
                LOG.warn("could not write {} ({}); plan and apply will not find this controller's embedded AWS",
                        file, e.getMessage());
            }
        });
        environment.lifecycle().manage(closing(() -> io.tracefleet.setup.LocalRunFile.removeIfOurs(file)));
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
