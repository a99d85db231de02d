package io.tracefleet.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A user's shell in a checkout: {@code sh -c} in its root, with the environment of the test's own process less
 * every {@code TRACEFLEET_*} and {@code AWS_*} variable (a newcomer's shell has none of them), plus the variables
 * the user was told to set.
 */
final class UserShell {
    private final Path dir;
    private final Map<String, String> environment;
    private final AtomicInteger outputs = new AtomicInteger();

    UserShell(Path dir, Map<String, String> variables) {
        this.dir = dir;
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(name -> name.startsWith("TRACEFLEET_") || name.startsWith("AWS_"));
        environment.putAll(variables);
        this.environment = Map.copyOf(environment);
    }

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + stdout + stderr;
        }
    }

    /** Runs the script to its end. */
    Result run(String script, Duration timeout) throws IOException, InterruptedException {
        return begin(script).await(timeout);
    }

    /** Starts the script, to be awaited later, while the test does something else. */
    Running begin(String script) throws IOException {
        int n = outputs.incrementAndGet();
        Path stdout = dir.resolve("shell-" + n + ".out");
        Path stderr = dir.resolve("shell-" + n + ".err");
        Process process = builder(script).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        return new Running(script, process, stdout, stderr);
    }

    record Running(String script, Process process, Path stdout, Path stderr) {
        Result await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                throw new AssertionError("still running after " + timeout + ": " + script + "\n"
                        + Files.readString(stdout) + Files.readString(stderr));
            }
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        }
    }

    /** Starts the script and leaves it running, stdout and stderr going to {@code output}, as a terminal shows them. */
    Process start(String script, Path output) throws IOException {
        return builder(script).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private ProcessBuilder builder(String script) {
        ProcessBuilder builder = new ProcessBuilder(List.of("sh", "-c", script)).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    /**
     * SIGTERM to the script's processes, as Ctrl-C would reach them, so a controller stops its moto and removes its
     * endpoint file; SIGKILL to what is left after 20 s.
     */
    static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        for (ProcessHandle handle : tree) {
            handle.onExit().completeOnTimeout(handle, 20, TimeUnit.SECONDS).join();
            handle.destroyForcibly();
        }
        if (!process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
    }
}
