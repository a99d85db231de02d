package io.tracefleet.e2e;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.local.LocalAws;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh moto, the proxy in front of it, the example spec in a specs directory, and the controller running on
 * them. {@code moto} talks to moto directly, so what a test does or checks out of band is not counted.
 */
@ExtendWith(MotoExtension.class)
abstract class E2EBase {
    static final String APP = "xray-fargate";
    static final Path EXAMPLE = Path.of("..", "specs", "xray-demo.yaml");
    /** An application whose spec misspells a field ({@code memroy}, line 9): invalid, so nothing of it is applied. */
    static final String MISSPELT_SPEC = """
            apiVersion: tracefleet.io/v1alpha1
            kind: TracedApplication
            metadata:
              name: broken
            spec:
              region: ap-northeast-1
              network: {vpc: default}
              services:
                web: {image: nginx, port: 80, memroy: 512}
            """;

    @TempDir
    Path specs;
    AwsProxy proxy;
    AwsClients moto;
    RunningController controller;
    private LocalAws localAws;

    @BeforeEach
    void startController(LocalAws localAws) throws IOException {
        this.localAws = localAws;
        Files.copy(EXAMPLE, specFile());
        proxy = AwsProxy.start(localAws.endpoint());
        moto = AwsClients.create(AwsClientSettings.endpoint(localAws.endpoint(), Region.AP_NORTHEAST_1));
        controller = new RunningController(proxy.endpoint(), specs, configOverrides());
    }

    /** A lease short enough for a test, renewed every second; writes stop 2 s before it would end. */
    static final java.time.Duration TEST_LEASE = java.time.Duration.ofSeconds(6);

    /** The lease settings of a controller named {@code identity}, election on or off as {@code enabled} says. */
    static io.dropwizard.testing.ConfigOverride[] leaseSettings(String identity, boolean enabled,
                                                               io.dropwizard.testing.ConfigOverride... more) {
        io.dropwizard.testing.ConfigOverride[] lease = {
                io.dropwizard.testing.ConfigOverride.config("leaderElection.enabled", Boolean.toString(enabled)),
                io.dropwizard.testing.ConfigOverride.config("leaderElection.leaseDuration",
                        TEST_LEASE.toSeconds() + "s"),
                io.dropwizard.testing.ConfigOverride.config("leaderElection.heartbeat", "1s"),
                io.dropwizard.testing.ConfigOverride.config("leaderElection.writeMargin", "2s"),
                io.dropwizard.testing.ConfigOverride.config("leaderElection.identity", identity)};
        return java.util.stream.Stream.concat(java.util.Arrays.stream(lease), java.util.Arrays.stream(more))
                .toArray(io.dropwizard.testing.ConfigOverride[]::new);
    }

    /** Settings a suite runs its controller with, beyond the common ones. */
    io.dropwizard.testing.ConfigOverride[] configOverrides() {
        return new io.dropwizard.testing.ConfigOverride[0];
    }

    @AfterEach
    void stopController() {
        controller.close();
        moto.close();
        proxy.close();
        assertThat(System.getProperties().stringPropertyNames()).as("no controller setting outlives its test")
                .noneMatch(key -> key.startsWith("dw."));
    }

    /** Stops the controller and starts a new one: nothing survives but AWS and the specs. */
    void restartController() {
        controller.close();
        controller = new RunningController(proxy.endpoint(), specs, configOverrides());
    }

    Path specFile() {
        return specs.resolve("xray-demo.yaml");
    }

    void editSpec(UnaryOperator<String> edit) {
        try {
            String before = Files.readString(specFile());
            String after = edit.apply(before);
            if (after.equals(before)) {
                throw new AssertionError("the edit changed nothing");
            }
            Files.writeString(specFile(), after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, ResourceStatus> byId(CycleResult result) {
        return result.resources().stream().collect(Collectors.toMap(r -> r.id().value(), r -> r, (a, b) -> a));
    }
}
