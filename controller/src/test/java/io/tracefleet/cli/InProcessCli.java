package io.tracefleet.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.tracefleet.TracefleetApplication;
import io.tracefleet.setup.CommandFailure;
import io.tracefleet.setup.TracefleetConfiguration;
import io.tracefleet.spec.TestSpecs;
import io.tracefleet.testing.TestKeys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The jar's commands run in this JVM as {@code java -jar tracefleet.jar …} runs them, with what they print kept, and
 * the config file they take: the example spec in a specs directory, the test key, AWS at the given endpoint.
 */
final class InProcessCli {
    private ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Writes the specs directory (with the example) and the config file into {@code dir}; returns the config. */
    static Path writeConfig(Path dir, URI awsEndpoint) throws IOException {
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Files.copy(TestSpecs.SEED_EXAMPLE, specs.resolve("xray-demo.yaml"));
        Path config = dir.resolve("config.yml");
        // Revisions kept beside the test's files, never in the user's own cache.
        Files.writeString(config, "specsDir: " + specs + "\nownership:\n  keys: " + TestKeys.CONFIGURED
                + "\naws:\n  endpoint: " + awsEndpoint + "\nrevisionCache: " + dir.resolve("revisions")
                + "\nlogging:\n  level: WARN\n");
        return config;
    }

    /** Runs one command; its exit code (0, or the {@link CommandFailure}'s, or -1 for anything else). */
    int run(String... args) {
        out = new ByteArrayOutputStream();
        TracefleetApplication application = new TracefleetApplication(new PrintStream(out, true,
                StandardCharsets.UTF_8));
        Bootstrap<TracefleetConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        Optional<Throwable> failure = new Cli(new JarLocation(getClass()), bootstrap, out, out).run(args);
        // What the jar prints on standard error for a CommandFailure (TracefleetApplication.onFatalError).
        failure.filter(CommandFailure.class::isInstance).ifPresent(f -> new PrintStream(out, true,
                StandardCharsets.UTF_8).println(f.getMessage()));
        return failure.map(f -> f instanceof CommandFailure c ? c.exitCode() : -1).orElse(0);
    }

    /** What the last command printed, its failure's message last. */
    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
