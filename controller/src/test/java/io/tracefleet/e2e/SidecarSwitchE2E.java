package io.tracefleet.e2e;

import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.testing.CallLog;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving the example off the X-Ray daemon is one field: each service gets one new task definition revision and one
 * UpdateService (a rolling update), nothing else is written, and the next pass writes nothing. Back again the same.
 */
class SidecarSwitchE2E extends E2EBase {

    @Test
    void switchingBetweenTheDaemonAndTheCollectorIsOneRevisionAndOneUpdatePerService() {
        assertThat(controller.passFor(APP).outOfSync()).isEmpty();

        switchTo("xray-daemon", "adot", 2);
        TaskDefinition b = runningTaskDefinition("service-b");
        assertThat(b.containerDefinitions()).extracting(ContainerDefinition::name)
                .containsExactlyInAnyOrder("service-b", "aws-otel-collector");
        ContainerDefinition collector = container(b, "aws-otel-collector");
        assertThat(collector.image()).isEqualTo("public.ecr.aws/aws-observability/aws-otel-collector:v0.50.0");
        assertThat(collector.healthCheck().command()).containsExactly("CMD", "/healthcheck");
        assertThat(collector.environment()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("AOT_CONFIG_CONTENT");
            assertThat(e.value()).contains("exporters:\n  awsxray:\n    region: ap-northeast-1\n");
        });
        assertThat(container(b, "service-b").environment()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("OTEL_EXPORTER_OTLP_ENDPOINT");
            assertThat(e.value()).isEqualTo("http://127.0.0.1:4317");
        });

        switchTo("adot", "xray-daemon", 3);
        assertThat(runningTaskDefinition("service-a").containerDefinitions())
                .extracting(ContainerDefinition::name).containsExactlyInAnyOrder("service-a", "xray-daemon");
    }

    /** The edit, the pass that applies it with exactly the expected writes, and an idle pass after it. */
    private void switchTo(String from, String to, int revision) {
        editSpec(spec -> spec.replace("sidecar: " + from, "sidecar: " + to));
        CallLog.Mark mark = proxy.mark();

        CycleResult applied = controller.passFor(APP);

        CallLog calls = proxy.callsSince(mark);
        assertThat(calls.writeCalls()).extracting(c -> c.service() + ":" + c.operation())
                .as(from + " -> " + to + ": no role, policy, service setting or anything else")
                .containsExactlyInAnyOrder("ecs:RegisterTaskDefinition", "ecs:RegisterTaskDefinition",
                        "ecs:UpdateService", "ecs:UpdateService");
        assertThat(applied.plan().actions()).extracting(a -> a.verb() + " " + a.id()).containsExactlyInAnyOrder(
                "UPDATE service-a/task-definition", "UPDATE service-a/service",
                "UPDATE service-b/task-definition", "UPDATE service-b/service");
        assertThat(applied.outOfSync()).isEmpty();
        for (String service : new String[] {"service-a", "service-b"}) {
            assertThat(runningTaskDefinition(service).revision()).as(service).isEqualTo(revision);
        }

        CallLog.Mark idle = proxy.mark();
        assertThat(controller.passFor(APP).plan().isEmpty()).isTrue();
        assertThat(proxy.callsSince(idle).writes()).as("idle after " + to).isZero();
    }

    private TaskDefinition runningTaskDefinition(String service) {
        String arn = moto.ecs().describeServices(r -> r.cluster("xray-fargate").services(service)).services().get(0)
                .taskDefinition();
        return moto.ecs().describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition();
    }

    private static ContainerDefinition container(TaskDefinition definition, String name) {
        return definition.containerDefinitions().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + definition.family()));
    }
}
