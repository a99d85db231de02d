package io.tracefleet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar, run as a user runs it: exit codes and output. */
class CommandLineIT {
    private static final Path JAR = Path.of("target", "tracefleet.jar");

    @TempDir
    Path dir;

    record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        return runIn(Path.of("."), args);
    }

    private static Result runIn(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), stdout, stderr);
    }

    @Test
    void validateExitsZeroForTheExamples() throws Exception {
        Result result = run("validate", "../specs");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("all valid");
    }

    @Test
    void validateWithoutAPathChecksTheCheckoutsSpecsDirectory() throws Exception {
        Result result = runIn(Path.of(".."), "validate");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("specs/xray-demo.yaml").contains("all valid");
    }

    @Test
    void validateExitsOneWithTheErrorsAndNoStackTrace() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "kind: TracedApplication\nmetadata: {name: x}\n");

        Result result = run("validate", bad.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains(bad + ":1:1: apiVersion: missing required field 'apiVersion'");
        assertThat(result.stderr()).contains("nothing is applied from an invalid document").doesNotContain("Exception");
    }

    @Test
    void statusWithNoControllerRunningSaysSoInOneLine() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Result result = run("status", "--url", "http://127.0.0.1:" + closed);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().strip()).startsWith("no controller is running at http://127.0.0.1:" + closed)
                .doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void helpDescribesEveryCommand() throws Exception {
        Result result = run("--help");

        assertThat(result.exitCode()).isZero();
        for (String command : List.of("server", "check", "validate", "render", "schema", "plan", "apply", "status",
                "confirm", "seal")) {
            assertThat(result.stdout()).as(command).containsPattern("\n    " + command + " +[A-Z]");
        }
    }

    @Test
    void renderListsTheSeedResources() throws Exception {
        Result result = run("render", "../specs/xray-demo.yaml");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("xray-fargate-b-alb", "xray-fargate-a-tg", "/ecs/service-b",
                "xray-fargate-ecsTaskExecutionRole");
    }
}
