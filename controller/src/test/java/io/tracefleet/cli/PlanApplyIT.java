package io.tracefleet.cli;

import io.tracefleet.setup.CommandFailure;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.tracefleet.TracefleetApplication;
import io.tracefleet.setup.TracefleetConfiguration;
import io.tracefleet.local.LocalAws;
import io.tracefleet.spec.TestSpecs;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.TestKeys;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan} and {@code apply} against moto through the counting proxy, as CI would gate on them. */
@ExtendWith(MotoExtension.class)
class PlanApplyIT {
    @TempDir
    Path dir;
    private AwsProxy proxy;
    private Path config;
    private ByteArrayOutputStream out;

    @BeforeEach
    void writeConfig(LocalAws moto) throws IOException {
        proxy = AwsProxy.start(moto.endpoint());
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Files.copy(TestSpecs.SEED_EXAMPLE, specs.resolve("xray-demo.yaml"));
        config = dir.resolve("config.yml");
        Files.writeString(config, "specsDir: " + specs + "\nownership:\n  keys: " + TestKeys.CONFIGURED
                + "\naws:\n  endpoint: " + proxy.endpoint()
                + "\nlogging:\n  level: WARN\n");
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private int run(String... args) {
        out = new ByteArrayOutputStream();
        TracefleetApplication application = new TracefleetApplication(new PrintStream(out, true,
                StandardCharsets.UTF_8));
        Bootstrap<TracefleetConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        Optional<Throwable> failure = new Cli(new JarLocation(getClass()), bootstrap, out, out).run(args);
        return failure.map(f -> f instanceof CommandFailure c ? c.exitCode() : -1).orElse(0);
    }

    @Test
    void planExitsTwoWithChangesWritesNothingThenZeroAfterApply() {
        var mark = proxy.mark();
        assertThat(run("plan", config.toString())).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("xray-fargate: 18 changes")
                .contains("+   create service-b/listener (listener xray-fargate-b-alb:80)");
        assertThat(proxy.callsSince(mark).writes()).isZero();

        assertThat(run("apply", config.toString())).as(out.toString(StandardCharsets.UTF_8)).isZero();

        mark = proxy.mark();
        assertThat(run("plan", config.toString())).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("xray-fargate: no changes; AWS matches the spec");
        assertThat(proxy.callsSince(mark).writes()).isZero();
    }

    @Test
    void anInvalidSpecExitsOneBeforeAnyCall() throws IOException {
        Files.writeString(dir.resolve("specs").resolve("bad.yaml"), TestSpecs.minimal("web:\n  image: nginx\n"
                + "  port: 0\n"));
        var mark = proxy.mark();

        assertThat(run("plan", config.toString())).isEqualTo(1);

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("spec.services.web.port: 0 is out of range");
        assertThat(proxy.callsSince(mark).total()).isZero();
    }
}
