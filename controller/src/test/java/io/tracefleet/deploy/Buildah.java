package io.tracefleet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Images built and run with buildah, which needs no daemon: {@code --isolation chroot}, so a container shares the
 * machine's network and the controller in it reaches the test's moto on loopback. Every call's output goes to a
 * log under {@code logs}, and a failed call fails with the end of that log.
 *
 * <p>buildah keeps a Dockerfile's {@code RUN --mount=type=cache} directories under {@code $TMPDIR/buildah-cache}.
 * The one at {@code /root/.m2} is made a link to this machine's Maven repository, which the build running this
 * test has just filled: the image's build stage then resolves what it needs from there, as a second build on a
 * developer's machine would from its cache, instead of downloading a few hundred megabytes again.
 */
final class Buildah {
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path tmp;
    private final Path logs;
    private int calls;

    Buildah(Path work) {
        this.tmp = work.resolve("tmp").toAbsolutePath();
        this.logs = work.resolve("logs").toAbsolutePath();
        try {
            Path cache = tmp.resolve("buildah-cache").resolve("root");
            Files.createDirectories(cache);
            Files.createDirectories(logs);
            Path m2 = cache.resolve(".m2");
            if (!Files.isSymbolicLink(m2)) {
                Files.createSymbolicLink(m2, Path.of(System.getProperty("user.home"), ".m2"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Debian image made of this machine's own packages (see {@code src/test/image/debian-image-from-host.sh});
     * made once per set of package versions.
     */
    String debianImage(String name, String... packages) {
        List<String> command = new ArrayList<>(List.of("bash", "src/test/image/debian-image-from-host.sh", name));
        command.addAll(List.of(packages));
        return "localhost/" + lastLine(call(command, Duration.ofMinutes(5)));
    }

    /** Builds {@code dockerfile} (relative to the repository root, which is the context) and tags it. */
    String build(String dockerfile, String tag, String buildImage, String baseImage) {
        call(List.of("buildah", "bud", "--format", "docker", "--isolation", "chroot",
                "--build-arg", "BUILD_IMAGE=" + buildImage, "--build-arg", "BASE_IMAGE=" + baseImage,
                "-f", dockerfile, "-t", tag, REPOSITORY.toString()), Duration.ofMinutes(15));
        return tag;
    }

    /** The image's configuration, Docker's form: Entrypoint, Cmd, User, Env, Healthcheck. */
    JsonNode config(String image) {
        try {
            return JSON.readTree(call(List.of("buildah", "inspect", "--type", "image", image), Duration.ofMinutes(1)))
                    .path("Docker").path("config");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String container(String image, String name) {
        return lastLine(call(List.of("buildah", "from", "--name", name, image), Duration.ofMinutes(2)));
    }

    /** {@code buildah run} in {@code container}; the command is given, since buildah run ignores ENTRYPOINT. */
    Process start(String container, List<String> options, List<String> command, Path log) throws IOException {
        List<String> all = new ArrayList<>(List.of("buildah", "run", "--isolation", "chroot"));
        all.addAll(options);
        all.add(container);
        all.add("--");
        all.addAll(command);
        return process(all).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    void remove(String kind, String name) {
        try {
            Process p = process(List.of("buildah", kind, name)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(2, TimeUnit.MINUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Path log(String name) {
        return logs.resolve(name);
    }

    private String call(List<String> command, Duration timeout) {
        Path log = logs.resolve(String.format("%02d-%s.log", ++calls, command.get(1).replaceAll("\\W", "")));
        Path out = logs.resolve(log.getFileName() + ".out");
        try {
            Process p = process(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " took over " + timeout + "; log " + log);
            }
            String stdout = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + "; end of its log ("
                        + log + "):\n" + tail(stdout + Files.readString(log)));
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private ProcessBuilder process(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TMPDIR", tmp.toString());
        return builder;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    static String tail(String text) {
        return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }
}
