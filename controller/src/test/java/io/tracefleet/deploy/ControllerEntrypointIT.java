package io.tracefleet.deploy;

import io.tracefleet.local.LocalAws;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * There is no Docker engine here, so the image is checked by what it would run: the Dockerfile's ENTRYPOINT + CMD
 * and ENV, as a plain process, with the paths the image COPYs into mapped back to where they come from in the
 * repository (the jar {@code mvn package} built, {@code controller/config.yml}). Only what cannot be the same
 * outside a container is replaced: the specs directory, the AWS endpoint (moto instead of real AWS) and the
 * ports (free ones, since other tests share the machine). Then the HEALTHCHECK command itself must pass.
 */
@ExtendWith(MotoExtension.class)
class ControllerEntrypointIT {
    private static final Path EXAMPLE = Path.of("..", "specs", "xray-demo.yaml");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path specs;
    @TempDir
    Path logs;
    private Process controller;

    @AfterEach
    void stop() throws InterruptedException {
        if (controller != null && controller.isAlive()) {
            controller.destroy();
            if (!controller.waitFor(20, TimeUnit.SECONDS)) {
                controller.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theImagesCommandLineStartsAHealthyController(LocalAws moto) throws Exception {
        Dockerfile image = Dockerfile.read();
        Files.copy(EXAMPLE, specs.resolve("xray-demo.yaml"));
        int port = freePort();
        int adminPort = freePort();
        Map<String, String> env = new java.util.HashMap<>(image.env());
        env.put("TRACEFLEET_SPECS_DIR", specs.toString());
        env.put("TRACEFLEET_AWS_ENDPOINT", moto.endpoint().toString());
        env.put("TRACEFLEET_OWNERSHIP_KEYS", io.tracefleet.testing.TestKeys.CONFIGURED);
        env.put("TRACEFLEET_PORT", Integer.toString(port));
        env.put("TRACEFLEET_ADMIN_PORT", Integer.toString(adminPort));

        ProcessBuilder builder = new ProcessBuilder(onThisMachine(image.commandLine(), image))
                .redirectErrorStream(true).redirectOutput(logs.resolve("controller.log").toFile());
        builder.environment().putAll(env);
        controller = builder.start();

        await("GET /healthcheck on the admin port answering 200 (log: " + logs.resolve("controller.log") + ")")
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(controller.isAlive()).as("the controller is running; its log:%n%s", log()).isTrue();
                    return healthStatus(adminPort) == 200;
                });
        assertThat(healthBody(adminPort)).contains("\"aws\"", "\"reconciler\"", "\"specs\"");

        assertThat(runHealthcheck(image, env, adminPort)).as("the HEALTHCHECK command against the controller")
                .isZero();
        assertThat(runHealthcheck(image, env, freePort())).as("the HEALTHCHECK command where nothing listens")
                .isNotZero();
    }

    /** Image paths to repository paths, and the image's {@code java} to this JVM's. */
    private static List<String> onThisMachine(List<String> command, Dockerfile image) {
        return command.stream().map(arg -> {
            if (arg.equals("java")) {
                return Path.of(System.getProperty("java.home"), "bin", "java").toString();
            }
            String source = image.copiedFrom().get(arg);
            if (source == null) {
                return arg;
            }
            Path inRepo = Path.of("..").resolve(source).normalize().toAbsolutePath();
            assertThat(inRepo).as("what the image copies to %s", arg).exists();
            return inRepo.toString();
        }).toList();
    }

    private static int runHealthcheck(Dockerfile image, Map<String, String> env, int adminPort) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(image.healthcheck()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        builder.environment().put("TRACEFLEET_ADMIN_PORT", Integer.toString(adminPort));
        Process check = builder.start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).as("the HEALTHCHECK command ends").isTrue();
        return check.exitValue();
    }

    private static int healthStatus(int adminPort) {
        try {
            return HTTP.send(healthRequest(adminPort), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String healthBody(int adminPort) throws Exception {
        return HTTP.send(healthRequest(adminPort), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpRequest healthRequest(int adminPort) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/healthcheck"))
                .timeout(Duration.ofSeconds(5)).build();
    }

    private String log() throws IOException {
        return Files.readString(logs.resolve("controller.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
