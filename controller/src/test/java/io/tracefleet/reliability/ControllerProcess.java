package io.tracefleet.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracefleet.testing.AwsProxy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One controller as {@code java -jar tracefleet.jar server config.yml}, a process of its own with its own proxy in
 * front of the shared moto, so that every call it makes is counted as its own and a fault can cut off this one only.
 */
final class ControllerProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "tracefleet.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String identity;
    final AwsProxy proxy;
    private final Process process;
    private final Path log;
    private final int port;

    private ControllerProcess(String identity, AwsProxy proxy, Process process, Path log, int port) {
        this.identity = identity;
        this.proxy = proxy;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Short-lived and three at a time on two cores: the quick compiler and the serial collector cost the least CPU,
     * which the other tests of the run share. */
    static final List<String> LIGHT_JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    static ControllerProcess start(String identity, URI moto, Path specs, Path logs, Map<String, String> settings)
            throws IOException {
        return start(identity, moto, specs, logs, settings, LIGHT_JVM);
    }

    static ControllerProcess start(String identity, URI moto, Path specs, Path logs, Map<String, String> settings,
                                   List<String> jvmOptions) throws IOException {
        AwsProxy proxy = AwsProxy.start(moto);
        int[] ports = freePorts();
        int port = ports[0];
        Path log = logs.resolve(identity + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString(), "server", "config.yml"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>(Map.of(
                "TRACEFLEET_SPECS_DIR", specs.toString(),
                "TRACEFLEET_AWS_ENDPOINT", proxy.endpoint().toString(),
                "TRACEFLEET_OWNERSHIP_KEYS", io.tracefleet.testing.TestKeys.CONFIGURED,
                "TRACEFLEET_PORT", Integer.toString(port),
                "TRACEFLEET_ADMIN_PORT", Integer.toString(ports[1]),
                "TRACEFLEET_WATCH_SPECS", "false",
                "TRACEFLEET_SPEC_SETTLE", "0s",
                "TRACEFLEET_PROGRESS_RECHECK", "0s",
                "TRACEFLEET_CONTROLLER_ID", identity));
        env.putAll(settings);
        builder.environment().putAll(env);
        return new ControllerProcess(identity, proxy, builder.start(), log, port);
    }

    /**
     * Two ports for the API and the admin connector, both held open while the second is chosen: asked one after
     * the other, the kernel can hand out the same port twice, and the controller then fails to bind its second.
     */
    private static int[] freePorts() throws IOException {
        try (ServerSocket api = new ServerSocket(0); ServerSocket admin = new ServerSocket(0)) {
            return new int[] {api.getLocalPort(), admin.getLocalPort()};
        }
    }

    /** GET /status, or empty while the controller does not answer. */
    Optional<JsonNode> status() {
        return get("/status").filter(r -> r.statusCode() == 200).map(r -> {
            try {
                return JSON.readTree(r.body());
            } catch (IOException e) {
                return null;
            }
        });
    }

    /** GET on the API port, or empty while the controller does not answer. */
    Optional<HttpResponse<String>> get(String path) {
        try {
            return Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    long pid() {
        return process.pid();
    }

    String role() {
        return status().map(s -> s.at("/controller/leases/role").asText("")).orElse("");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: nothing is released; the leases pass on only once they run out. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: Dropwizard's stop, which releases the leases. */
    boolean terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        proxy.close();
    }

    @Override
    public String toString() {
        return identity;
    }
}
