package io.tracefleet.cli;

import io.tracefleet.local.LocalAws;
import io.tracefleet.spec.TestSpecs;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan} and {@code apply} against moto through the counting proxy, as CI would gate on them. */
@ExtendWith(MotoExtension.class)
class PlanApplyIT {
    @TempDir
    Path dir;
    private AwsProxy proxy;
    private Path config;
    private final InProcessCli cli = new InProcessCli();

    @BeforeEach
    void writeConfig(LocalAws moto) throws IOException {
        proxy = AwsProxy.start(moto.endpoint());
        config = InProcessCli.writeConfig(dir, proxy.endpoint());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void planExitsTwoWithChangesWritesNothingThenZeroAfterApplyDescribingNoRevisionAnEarlierRunRead()
            throws IOException {
        var mark = proxy.mark();
        assertThat(run("plan", config.toString())).as(cli.output()).isEqualTo(2);
        assertThat(cli.output()).contains("xray-fargate: 18 changes")
                .contains("+   create service-b/listener (listener xray-fargate-b-alb:80)");
        assertThat(proxy.callsSince(mark).writes()).isZero();

        assertThat(run("apply", config.toString())).as(cli.output()).isZero();

        // Each command builds its handlers afresh, as a new process would: only the files carry revisions over.
        mark = proxy.mark();
        assertThat(run("plan", config.toString())).as(cli.output()).isZero();
        assertThat(cli.output()).contains("xray-fargate: no changes; AWS matches the spec");
        assertThat(proxy.callsSince(mark).writes()).isZero();
        assertThat(proxy.callsSince(mark).count("ecs", "DescribeTaskDefinition")).as("revisions apply read").isZero();

        // A changed family: its revision still comes from the files, its ownership from AWS, read afresh.
        Path spec = dir.resolve("specs").resolve("xray-demo.yaml");
        Files.writeString(spec, Files.readString(spec).replaceFirst("memory: 512", "memory: 1024"));

        mark = proxy.mark();
        assertThat(run("plan", config.toString())).as(cli.output()).isEqualTo(2);
        assertThat(cli.output()).contains("memory: 512 -> 1024");
        assertThat(proxy.callsSince(mark).count("ecs", "DescribeTaskDefinition")).isZero();
        assertThat(proxy.callsSince(mark).count("ecs", "ListTagsForResource")).as("ownership read afresh")
                .isPositive();

        Files.writeString(config, Files.readString(config).replaceAll("revisionCache: .*", "revisionCache: off"));
        mark = proxy.mark();
        assertThat(run("plan", config.toString())).as(cli.output()).isEqualTo(2);
        assertThat(proxy.callsSince(mark).count("ecs", "DescribeTaskDefinition"))
                .as("without the files: one describe per family, the seed's two").isEqualTo(2);
    }

    @Test
    void aPlanWithAnythingItCouldNotPlanExitsOneNamingItNeverNoChanges(LocalAws moto) {
        // Someone else's cluster under the application's name: never ours, and the services wait behind it.
        try (io.tracefleet.aws.AwsClients direct = io.tracefleet.aws.AwsClients.create(
                io.tracefleet.aws.AwsClientSettings.endpoint(moto.endpoint(),
                        software.amazon.awssdk.regions.Region.AP_NORTHEAST_1))) {
            direct.ecs().createCluster(r -> r.clusterName("xray-fargate"));
        }

        assertThat(run("plan", config.toString())).as(cli.output()).isEqualTo(1);

        assertThat(cli.output()).contains("could not be planned, so the plan is incomplete")
                .contains("cluster (ecs-cluster xray-fargate) CONFLICT")
                .contains("service-b/service (ecs-service service-b) BLOCKED");
    }

    @Test
    void anInvalidSpecExitsOneBeforeAnyCall() throws IOException {
        Files.writeString(dir.resolve("specs").resolve("bad.yaml"), TestSpecs.minimal("web:\n  image: nginx\n"
                + "  port: 0\n"));
        var mark = proxy.mark();

        assertThat(run("plan", config.toString())).isEqualTo(1);

        assertThat(cli.output()).contains("spec.services.web.port: 0 is out of range");
        assertThat(proxy.callsSince(mark).total()).isZero();
    }
}
