package io.tracefleet.bench;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.tracefleet.TracefleetApplication;
import io.tracefleet.setup.TracefleetConfiguration;
import io.tracefleet.reconcile.CycleResult;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    BenchController(URI awsEndpoint, Path specsDir) {
        this(awsEndpoint, specsDir, Map.of());
    }

    /**
     * @param settings config settings (dotted paths) that replace the bench's defaults; one value per setting, since
     *     Dropwizard applies its overrides in no defined order and, of two for the same setting, either may win
     */
    BenchController(URI awsEndpoint, Path specsDir, Map<String, String> settings) {
        Map<String, String> effective = new LinkedHashMap<>();
        effective.put("specsDir", specsDir.toString());
        effective.put("aws.endpoint", awsEndpoint.toString());
        effective.put("aws.rateLimited", "false");
        // The bench's moto is its own and starts empty: any fixed key proves what this run creates.
        effective.put("ownership.keys", "bench:tracefleet-bench-ownership-key-not-a-secret");
        effective.put("resyncInterval", "1h");
        effective.put("watchSpecs", "false");
        effective.put("server.applicationConnectors[0].port", "0");
        effective.put("server.adminConnectors[0].port", "0");
        effective.put("logging.level", "WARN");
        effective.put("logging.appenders[0].threshold", "WARN");
        effective.putAll(settings);
        ConfigOverride[] overrides = effective.entrySet().stream()
                .map(e -> ConfigOverride.config(e.getKey(), e.getValue())).toArray(ConfigOverride[]::new);
        support = new DropwizardTestSupport<>(TracefleetApplication.class, CONFIG.toString(), overrides);
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
