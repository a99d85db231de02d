package io.tracefleet.reliability;

import io.tracefleet.e2e.RunningController;
import io.tracefleet.local.LocalAws;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.Fault;
import io.tracefleet.testing.FaultRule;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutdown in the middle of a pass while AWS is slow: every call takes a while, and one is held unanswered far past
 * the SDK's timeouts (connect 3 s, read 20 s, attempt 30 s, call 60 s). Stopping must abandon the pass, not wait
 * for it: it returns within {@link #BOUND}, and from then on no call of the stopped controller reaches AWS (the
 * proxy's arrival count stays still). Once in-process ({@code RunningController.close()} is Dropwizard's stop, what
 * SIGTERM runs), once as {@code java -jar tracefleet.jar server} sent a SIGTERM. The bound is far above what stop
 * takes and far below the SDK's timeouts, so it separates "abandoned the call" from "waited for it".
 */
@ExtendWith(MotoExtension.class)
class ShutdownE2E {
    private static final Path EXAMPLE = Path.of("..", "specs", "xray-demo.yaml");
    private static final Path JAR = Path.of("target", "tracefleet.jar");
    private static final Duration BOUND = Duration.ofSeconds(4);
    private static final Duration STILL = Duration.ofSeconds(3);

    @TempDir
    Path specs;
    @TempDir
    Path logs;
    private AwsProxy proxy;
    private AwsProxy.InjectedFault held;
    private Process child;

    @BeforeEach
    void slowAws(LocalAws localAws) throws IOException {
        Files.copy(EXAMPLE, specs.resolve("xray-demo.yaml"));
        proxy = AwsProxy.start(localAws.endpoint());
        held = proxy.inject(FaultRule.on("elasticloadbalancing", "CreateLoadBalancer",
                Fault.timeout(Duration.ofMinutes(3))));
        proxy.inject(FaultRule.on("*", "*", Fault.latency(Duration.ofMillis(300))));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        proxy.close();
    }

    @Test
    void stoppingMidPassReturnsPromptlyAndNothingCallsAwsAfterwards() {
        RunningController controller = new RunningController(proxy.endpoint(), specs);
        // Its first pass starts by itself and reaches the held call.
        await("a call held unanswered").atMost(Duration.ofMinutes(2)).until(() -> held.hits() > 0);

        long started = System.nanoTime();
        controller.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf("ShutdownE2E: in-process stop mid-call returned in %d ms%n", took.toMillis());
        assertThat(took).as("stop with a call held").isLessThan(BOUND);
        assertNoCallsFor(STILL);
    }

    @Test
    void sigtermMidPassEndsTheProcessPromptly() throws Exception {
        assertThat(JAR).as("the jar mvn package builds").exists();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "server", "config.yml")
                .redirectErrorStream(true).redirectOutput(logs.resolve("controller.log").toFile());
        builder.environment().putAll(java.util.Map.of(
                "TRACEFLEET_SPECS_DIR", specs.toString(),
                "TRACEFLEET_AWS_ENDPOINT", proxy.endpoint().toString(),
                "TRACEFLEET_OWNERSHIP_KEYS", io.tracefleet.testing.TestKeys.CONFIGURED,
                "TRACEFLEET_PORT", Integer.toString(freePort()),
                "TRACEFLEET_ADMIN_PORT", Integer.toString(freePort()),
                "TRACEFLEET_WATCH_SPECS", "false",
                "TRACEFLEET_RESYNC_INTERVAL", "1h"));
        child = builder.start();
        await("a call held unanswered (log: " + logs.resolve("controller.log") + ")").atMost(Duration.ofMinutes(2))
                .until(() -> {
                    assertThat(child.isAlive()).as("the controller is running; its log:%n%s", log()).isTrue();
                    return held.hits() > 0;
                });

        long started = System.nanoTime();
        child.destroy();
        boolean exited = child.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf("ShutdownE2E: SIGTERM mid-call: exited %s in %d ms, code %s%n", exited, took.toMillis(),
                exited ? child.exitValue() : "-");
        assertThat(exited).as("exited within %s of SIGTERM; its log:%n%s", BOUND, log()).isTrue();
        assertNoCallsFor(STILL);
    }

    /** The proxy counts each call as it arrives, so a call of a stopped controller would move the mark. */
    private void assertNoCallsFor(Duration quiet) {
        long arrived = proxy.mark().lastSequence();
        await().during(quiet).atMost(quiet.plusSeconds(5))
                .until(() -> proxy.mark().lastSequence() == arrived);
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
