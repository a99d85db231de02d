package io.tracefleet.e2e;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.tracefleet.TracefleetApplication;
import io.tracefleet.setup.TracefleetConfiguration;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.ReconcileLoop;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The whole controller as {@code java -jar tracefleet.jar server controller/config.yml} runs it, pointed at an AWS
 * endpoint (the proxy in front of moto) and a specs directory. The resync interval is long and spec edits start
 * no pass (unless a suite overrides {@code watchSpecs}), so that passes run only when a test asks; a removal takes
 * effect without waiting for the spec to settle (unless a suite overrides {@code specSettle}), and nothing still
 * moving gets an early cycle ({@code progressRecheck: 0s}); stopping and
 * starting it again is a controller restart.
 */
public final class RunningController implements AutoCloseable {
    private final DropwizardTestSupport<TracefleetConfiguration> support;

    public RunningController(URI awsEndpoint, Path specsDir, ConfigOverride... extra) {
        List<ConfigOverride> overrides = new java.util.ArrayList<>(List.of(
                ConfigOverride.config("specsDir", specsDir.toString()),
                ConfigOverride.config("aws.endpoint", awsEndpoint.toString()),
                // Paced as against AWS, whatever the endpoint: the suites run the controller as it runs there
                // (the default, auto, would leave the embedded moto of LocalAwsSupervisionE2E unpaced).
                ConfigOverride.config("aws.rateLimited", "true"),
                ConfigOverride.config("resyncInterval", "1h"),
                ConfigOverride.config("watchSpecs", "false"),
                // Deletions at once, as most suites expect; the suites about settling set it back.
                ConfigOverride.config("specSettle", "0s"),
                // No cycle of its own for an application still moving (moto's fresh load balancers and services):
                // passes run only when a test asks, or to retry an error.
                ConfigOverride.config("progressRecheck", "0s"),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("ownership.keys", io.tracefleet.testing.TestKeys.CONFIGURED),
                ConfigOverride.config("logging.level", "WARN")));
        overrides.addAll(List.of(extra));
        support = new DropwizardTestSupport<>(TracefleetApplication.class, Path.of("config.yml").toString(),
                io.tracefleet.testing.OrderedOverrides.inOrder(overrides));
        try {
            support.before();
        } catch (Exception e) {
            try {
                support.after();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            io.tracefleet.testing.OrderedOverrides.clearAll();
            throw new IllegalStateException("the controller did not start", e);
        }
    }

    public TracefleetApplication.Wiring wiring() {
        return ((TracefleetApplication) support.getApplication()).wiring();
    }

    private ReconcileLoop loop() {
        return wiring().loop();
    }

    /** One pass over every application, after any pass already running. */
    public List<CycleResult> pass() {
        try {
            return loop().passNow().get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("the pass failed", e);
        }
    }

    public CycleResult passFor(String application) {
        return pass().stream().filter(r -> r.application().equals(application)).findFirst()
                .orElseThrow(() -> new AssertionError("no cycle ran for " + application));
    }

    public Optional<CycleResult> plan(String application) {
        return wiring().reconciler().plan(application);
    }

    /** An address on the API port. */
    public java.net.URI api(String path) {
        return java.net.URI.create("http://127.0.0.1:" + localPort() + path);
    }

    /** An address on the admin port. */
    public java.net.URI admin(String path) {
        return java.net.URI.create("http://127.0.0.1:" + adminPort() + path);
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    /** One request without a body, with the bearer token when there is one; a failed exchange is unchecked. */
    public static java.net.http.HttpResponse<String> send(String method, java.net.URI uri, String token,
                                                          java.time.Duration timeout) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int localPort() {
        return support.getLocalPort();
    }

    public int adminPort() {
        return support.getAdminPort();
    }

    @Override
    public void close() {
        support.after();
    }
}
