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
