package io.tracefleet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracefleet.local.LocalAws;
import io.tracefleet.testing.MotoExtension;
import io.tracefleet.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The images are built from the repository's own Dockerfiles, build stage included, and run as an orchestrator
 * would run them: the image's ENTRYPOINT and CMD, as the image's USER, with its ENV, and only the settings a
 * deployment sets itself given as environment (the AWS endpoint, here moto; free ports, since other tests share the
 * machine; the specs mounted at /specs). Public registries are out of reach, so the Dockerfiles' BUILD_IMAGE and
 * BASE_IMAGE arguments name Debian images made from this machine's JDK, Maven and JRE packages.
 */
@Tag("image")
@ExtendWith(MotoExtension.class)
class ImageIT {
    private static final Path EXAMPLE = Path.of("..", "specs", "xray-demo.yaml");
    private static final String IMAGE_USER = "10001";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static Buildah buildah;
    private static String buildImage;
    private static String baseImage;

    private final Deque<Runnable> cleanup = new ArrayDeque<>();

    @TempDir
    Path specs;

    @BeforeAll
    static void bases() {
        buildah = new Buildah(Path.of("target", "image"));
        buildImage = buildah.debianImage("tracefleet-test-build", "openjdk-17-jdk-headless", "maven", "dash", "bash",
                "coreutils", "sed", "grep", "findutils");
        // What the Dockerfiles' final stages use besides java: useradd and groupadd, sh for RUN, and bash, head
        // and grep for the controller's HEALTHCHECK.
        baseImage = buildah.debianImage("tracefleet-test-jre", "openjdk-17-jre-headless", "dash", "bash",
                "coreutils", "grep", "passwd", "base-passwd", "login");
    }

    @AfterEach
    void removeWhatTheTestMade() {
        while (!cleanup.isEmpty()) {
            cleanup.pop().run();
        }
    }

    @Test
    void theControllerImageStartsAHealthyControllerAgainstMoto(LocalAws moto) throws Exception {
        String image = image("controller/Dockerfile", "controller");
        JsonNode config = buildah.config(image);
        assertThat(config.path("User").asText()).isEqualTo(IMAGE_USER + ":" + IMAGE_USER);
        Files.copy(EXAMPLE, specs.resolve("xray-demo.yaml"));
        readableByAnyone(specs);
        int port = freePort();
        int adminPort = freePort();
        String container = container(image, "controller");

        Path log = buildah.log("controller-" + RUN + ".log");
        Process controller = run(container, List.of(
                "--env", "TRACEFLEET_AWS_ENDPOINT=" + moto.endpoint(),
                "--env", "TRACEFLEET_OWNERSHIP_KEYS=" + TestKeys.CONFIGURED,
                "--env", "TRACEFLEET_PORT=" + port,
                "--env", "TRACEFLEET_ADMIN_PORT=" + adminPort,
                "--volume", specs + ":/specs:ro"), commandLine(config), log);

        await("GET /healthcheck on the admin port answering 200 (log: " + log + ")")
                .atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(controller.isAlive()).as("the container is running; its log:%n%s",
                            Buildah.tail(Files.readString(log))).isTrue();
                    return status(adminPort, "/healthcheck") == 200;
                });
        assertThat(get(adminPort, "/healthcheck")).contains("\"aws\"", "\"reconciler\"", "\"specs\"");
        assertThat(javaUid(controller)).as("the uid the controller runs as").isEqualTo(IMAGE_USER);
        assertThat(Files.readAllLines(log)).as("the image's TRACEFLEET_LOG_FORMAT=json")
                .anyMatch(line -> line.startsWith("{") && line.contains("\"level\":\"INFO\""));

        List<String> healthcheck = healthcheck(config);
        assertThat(runToEnd(container, adminPort, healthcheck)).as("the image's HEALTHCHECK against the controller")
                .isZero();
        assertThat(runToEnd(container, freePort(), healthcheck)).as("the image's HEALTHCHECK where nothing listens")
                .isNotZero();
    }

    @Test
    void theServiceImagesAnswerOnTheirPorts() throws Exception {
        int portB = freePort();
        int portA = freePort();
        String imageB = image("services/service-b/Dockerfile", "service-b");
        String imageA = image("services/service-a/Dockerfile", "service-a");
        Process b = run(container(imageB, "service-b"), List.of("--env", "PORT=" + portB),
                commandLine(buildah.config(imageB)), buildah.log("service-b-" + RUN + ".log"));
        Process a = run(container(imageA, "service-a"), List.of("--env", "PORT=" + portA,
                        "--env", "API_URL=http://127.0.0.1:" + portB),
                commandLine(buildah.config(imageA)), buildah.log("service-a-" + RUN + ".log"));

        for (var service : Map.of("service-b", portB, "service-a", portA).entrySet()) {
            await(service.getKey() + " answering GET /health").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> status(service.getValue(), "/health") == 200);
            assertThat(get(service.getValue(), "/health")).isEqualTo("Healthy");
        }
        assertThat(javaUid(a)).isEqualTo(IMAGE_USER);
        assertThat(javaUid(b)).isEqualTo(IMAGE_USER);
    }

    private String image(String dockerfile, String name) {
        String tag = "localhost/tracefleet-test-" + name + ":" + RUN;
        buildah.build(dockerfile, tag, buildImage, baseImage);
        cleanup.push(() -> buildah.remove("rmi", tag));
        return tag;
    }

    private String container(String image, String name) {
        String container = buildah.container(image, "tracefleet-test-" + name + "-" + RUN);
        cleanup.push(() -> buildah.remove("rm", container));
        return container;
    }

    private Process run(String container, List<String> options, List<String> command, Path log) throws IOException {
        Process process = buildah.start(container, options, command, log);
        cleanup.push(() -> stop(process));
        return process;
    }

    private int runToEnd(String container, int adminPort, List<String> command) throws Exception {
        Process check = buildah.start(container, List.of("--env", "TRACEFLEET_ADMIN_PORT=" + adminPort), command,
                buildah.log("healthcheck-" + RUN + ".log"));
        assertThat(check.waitFor(1, TimeUnit.MINUTES)).as("the HEALTHCHECK command ends").isTrue();
        return check.exitValue();
    }

    private static List<String> commandLine(JsonNode config) {
        List<String> command = new ArrayList<>(strings(config.path("Entrypoint")));
        command.addAll(strings(config.path("Cmd")));
        assertThat(command).as("the image's ENTRYPOINT and CMD").isNotEmpty();
        return command;
    }

    /** Docker's form: {@code ["CMD", executable, args...]}. */
    private static List<String> healthcheck(JsonNode config) {
        List<String> test = strings(config.path("Healthcheck").path("Test"));
        assertThat(test).as("the image's HEALTHCHECK").isNotEmpty().first().isEqualTo("CMD");
        return test.subList(1, test.size());
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** The real uid of the java process buildah started inside the container. */
    private static String javaUid(Process run) throws IOException {
        ProcessHandle java = run.descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
                .findFirst().orElseThrow(() -> new AssertionError("no java process under " + run.pid()));
        return Files.readAllLines(Path.of("/proc", Long.toString(java.pid()), "status")).stream()
                .filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1];
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The image's user is not the test's: the mounted specs must be readable by anyone, as a ConfigMap is. */
    private static void readableByAnyone(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String get(int port, String path) throws Exception {
        return HTTP.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
