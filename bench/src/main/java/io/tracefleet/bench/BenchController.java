package io.tracefleet.bench;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.tracefleet.TracefleetApplication;
import io.tracefleet.setup.TracefleetConfiguration;
import io.tracefleet.reconcile.CycleResult;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The whole controller in this JVM, as {@code server controller/config.yml} runs it, against the proxy. Passes run
 * only when the bench asks (a one-hour resync, no spec watching) so that each measured window holds one pass.
 * The client-side rate limiter is off: moto throttles nothing, and the bench measures the controller; what the
 * budget would allow on AWS is computed from the calls (the physical floor).
 */
final class BenchController implements AutoCloseable {
    static final Path CONFIG = Path.of("..", "controller", "config.yml");

    private final DropwizardTestSupport<TracefleetConfiguration> support;

    BenchController(URI awsEndpoint, Path specsDir, ConfigOverride... extra) {
        List<ConfigOverride> overrides = new java.util.ArrayList<>(List.of(
                ConfigOverride.config("specsDir", specsDir.toString()),
                ConfigOverride.config("aws.endpoint", awsEndpoint.toString()),
                ConfigOverride.config("aws.rateLimited", "false"),
                // The bench's moto is its own and starts empty: any fixed key proves what this run creates.
                ConfigOverride.config("ownership.keys", "bench:tracefleet-bench-ownership-key-not-a-secret"),
                ConfigOverride.config("resyncInterval", "1h"),
                ConfigOverride.config("watchSpecs", "false"),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("logging.level", "WARN"),
                ConfigOverride.config("logging.appenders[0].threshold", "WARN")));
        overrides.addAll(List.of(extra));
        support = new DropwizardTestSupport<>(TracefleetApplication.class, CONFIG.toString(),
                io.tracefleet.testing.OrderedOverrides.inOrder(overrides));
        try {
            support.before();
        } catch (Exception e) {
            throw new IllegalStateException("the controller did not start", e);
        }
    }

    TracefleetApplication.Wiring wiring() {
        return ((TracefleetApplication) support.getApplication()).wiring();
    }

    /** The API port, where the web UI is served. */
    int port() {
        return support.getLocalPort();
    }

    /** A pass over every application, queued after the one running (the start-up pass), if any. */
    CompletableFuture<List<CycleResult>> pass() {
        return wiring().loop().passNow();
    }

    @Override
    public void close() {
        support.after();
    }
}
