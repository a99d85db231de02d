package io.tracefleet.cli;

import io.tracefleet.setup.CommandFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.tracefleet.TracefleetApplication;
import io.tracefleet.setup.TracefleetConfiguration;
import io.tracefleet.spec.TestSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands as Dropwizard's command line runs them, with their output captured. */
class CommandsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Optional<Throwable> run(String... args) {
        TracefleetApplication application = new TracefleetApplication(new PrintStream(out, true,
                StandardCharsets.UTF_8));
        Bootstrap<TracefleetConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return new Cli(new JarLocation(getClass()), bootstrap, out, err).run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validateAcceptsTheExamplesAndWarnsOfTheDaemonsEndOfSupport() {
        assertThat(run("validate", TestSpecs.EXAMPLES.toString())).isEmpty();
        assertThat(stdout()).contains(TestSpecs.SEED_EXAMPLE + ":21:5: spec.tracing.sidecar: warning: the X-Ray "
                        + "daemon reaches end of support on 2027-02-25; set tracing.sidecar: adot")
                .contains("ok: 1 application in 1 file, all valid (1 warning)");
    }

    @Test
    void validateListsEveryErrorAndFailsWithExitCodeOne() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, TestSpecs.minimal("web:\n  image: nginx\n  port: 0\n  cpu: 100\n"));

        Optional<Throwable> failure = run("validate", bad.toString());

        assertThat(failure).containsInstanceOf(CommandFailure.class);
        assertThat(((CommandFailure) failure.orElseThrow()).exitCode()).isEqualTo(1);
        assertThat(failure.orElseThrow()).hasMessage("2 errors in 1 document; nothing is applied from an invalid document");
        assertThat(stdout()).contains(bad + ":12:13: spec.services.web.port: 0 is out of range")
                .contains(bad + ":13:12: spec.services.web.cpu: 100 is out of range");
        assertThat(err.toString(StandardCharsets.UTF_8)).as("no stack trace for bad input").doesNotContain("at io.");
    }

    @Test
    void validateWithoutAPathChecksTheSpecsDirectoryOrSaysThereIsNone() {
        // The tests run in the controller module, which has no specs directory of its own.
        assertThat(Files.isDirectory(Path.of("specs"))).isFalse();

        Optional<Throwable> failure = run("validate");

        assertThat(failure).containsInstanceOf(CommandFailure.class);
        assertThat(failure.orElseThrow().getMessage()).startsWith("no PATH given and no specs directory here (")
                .endsWith("name the spec files or directories to check");
    }

    @Test
    void renderPrintsTheResourcesInDependencyOrder() {
        assertThat(run("render", TestSpecs.SEED_EXAMPLE.toString())).isEmpty();

        assertThat(stdout()).startsWith("application xray-fargate in ap-northeast-1: 18 resources in dependency order")
                .contains("  1  ecs-cluster      cluster                    xray-fargate")
                .contains("env API_CNAME=${service-b/load-balancer.dnsName}");
    }

    @Test
    void renderJsonIsForMachines() throws Exception {
        assertThat(run("render", "--json", TestSpecs.SEED_EXAMPLE.toString())).isEmpty();

        JsonNode states = new ObjectMapper().readTree(stdout());
        assertThat(states).hasSize(1);
        assertThat(states.get(0).get("resources")).hasSize(18);
        assertThat(states.get(0).get("resources").get(0).get("kind").asText()).isEqualTo("ecs-cluster");
    }

    @Test
    void renderRefusesAnInvalidSpec() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: tracefleet.io/v1alpha1\n");

        Optional<Throwable> failure = run("render", bad.toString());

        assertThat(failure).containsInstanceOf(CommandFailure.class);
        assertThat(stdout()).contains("missing required field 'kind'");
    }

    @Test
    void planAndApplyWithoutTheConfigFileSayWhatTheyNeedInsteadOfUsingDefaults() {
        for (String command : new String[]{"plan", "apply"}) {
            Optional<Throwable> failure = run(command);
            assertThat(failure).as(command).containsInstanceOf(CommandFailure.class);
            assertThat(failure.orElseThrow().getMessage()).contains(command + " controller/config.yml");
        }
    }

    @Test
    void planAndApplyInLocalModeWithNoControllerRunningSaySoInsteadOfActingOnAnEmptyAwsOfTheirOwn() throws Exception {
        Path config = InProcessCli.writeConfig(dir, java.net.URI.create("local"));
        Path pointer = io.tracefleet.setup.LocalRunFile.locationFor(dir.resolve("specs"));
        // plan with no controller ever started; apply after one was killed outright, which leaves its file naming a
        // process that is gone. Both take the same path (CycleCommand), so each case is run once.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        for (String command : new String[]{"plan", "apply"}) {
            if (command.equals("apply")) {
                new io.tracefleet.setup.LocalRunFile(java.net.URI.create("http://127.0.0.1:1"), "", gone.pid())
                        .write(pointer);
            }
            Optional<Throwable> failure = run(command, config.toString());
            assertThat(failure).as(command).containsInstanceOf(CommandFailure.class);
            assertThat(failure.orElseThrow().getMessage()).as(command)
                    .startsWith("no controller with an embedded AWS (aws.endpoint: local) is running for "
                            + dir.resolve("specs").toAbsolutePath().normalize())
                    .contains("Start it first: java -jar controller/target/tracefleet.jar server "
                            + "controller/config.yml");
        }
        assertThat(stdout()).as("nothing planned").doesNotContain("changes");
    }

    @Test
    void planGivenTheSpecsDirectoryInsteadOfTheConfigSaysSo() {
        Optional<Throwable> failure = run("plan", TestSpecs.EXAMPLES.toString());
        assertThat(failure).containsInstanceOf(CommandFailure.class);
        assertThat(failure.orElseThrow().getMessage()).contains("is a directory")
                .contains("the controller's config file");
    }
}
