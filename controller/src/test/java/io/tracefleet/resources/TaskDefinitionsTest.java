package io.tracefleet.resources;

import io.tracefleet.desired.ContainerDefinition.HealthCheck;
import io.tracefleet.desired.ContainerDefinition.LogConfiguration;
import io.tracefleet.desired.ContainerDefinition.PortMapping;
import io.tracefleet.diff.Delta;
import io.tracefleet.diff.Drift;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TaskDefinitionsTest {
    private static final String ARN = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/";

    @Test
    void onlyRevisionsOfExactlyTheFamilyCountNewestFirst() {
        List<String> listed = List.of(ARN + "svc:1", ARN + "svc-worker:7", ARN + "svc:10", ARN + "svc:2",
                ARN + "svcx:3");

        assertThat(TaskDefinitions.revisionsOfFamily("svc", listed))
                .containsExactly(ARN + "svc:10", ARN + "svc:2", ARN + "svc:1");
        assertThat(TaskDefinitions.revisionsOfFamily("svc-worker", listed)).containsExactly(ARN + "svc-worker:7");
        assertThat(TaskDefinitions.familyOf("svc-worker:7")).isEqualTo("svc-worker");
    }

    @Test
    void cpuAndMemoryReadAsUnitsAndMibWhateverTheSpelling() {
        assertThat(TaskDefinitions.cpuUnits("256")).isEqualTo(256);
        assertThat(TaskDefinitions.cpuUnits("1 vCPU")).isEqualTo(1024);
        assertThat(TaskDefinitions.cpuUnits(".25 vcpu")).isEqualTo(256);
        assertThat(TaskDefinitions.memoryMib("2GB")).isEqualTo(2048);
        assertThat(TaskDefinitions.memoryMib("512")).isEqualTo(512);
        assertThat(TaskDefinitions.memoryMib(null)).isNull();
    }

    @Test
    void whatAwsAddsToARegisteredRevisionIsNotDrift() {
        TaskDefinitionHandler.Container desired = new TaskDefinitionHandler.Container("nginx:1", true, 0, null,
                Set.of(new PortMapping(8080, "tcp")), Map.of("A", "1"), Map.of(), null,
                new LogConfiguration("awslogs", Map.of("awslogs-group", "/ecs/svc")));
        // As AWS answers: hostPort filled in, protocol absent, no essential flag, no cpu, lists where none were.
        ContainerDefinition answered = ContainerDefinition.builder().name("svc").image("nginx:1")
                .portMappings(p -> p.containerPort(8080).hostPort(8080))
                .environment(KeyValuePair.builder().name("A").value("1").build())
                .mountPoints(List.of()).volumesFrom(List.of())
                .logConfiguration(l -> l.logDriver("awslogs").options(Map.of("awslogs-group", "/ecs/svc")))
                .build();

        assertThat(Delta.between(desired, TaskDefinitions.container(answered)).isEmpty()).isTrue();
    }

    @Test
    void protocolCaseAndPortOrderDoNotMatterButAPortDoes() {
        TaskDefinitionHandler.Container c = TaskDefinitions.container(ContainerDefinition.builder().name("x")
                .image("i").portMappings(p -> p.containerPort(2000).protocol("UDP"),
                        p -> p.containerPort(4317).protocol("tcp")).build());

        assertThat(c.portMappings()).containsExactlyInAnyOrder(new PortMapping(4317, "tcp"),
                new PortMapping(2000, "udp"));
        assertThat(c.environment()).isEmpty();
        assertThat(c.command()).isEmpty();
        assertThat(c.logConfiguration().logDriver()).as("no log configuration is a value").isEqualTo("");
    }

    @Test
    void aRegistrationObservesEqualToTheViewItWasMadeFrom() {
        TaskDefinitionHandler.View view = new TaskDefinitionHandler.View(256, 512, "awsvpc", Set.of("FARGATE"),
                "arn:aws:iam::123456789012:role/task", "arn:aws:iam::123456789012:role/exec", Map.of(
                "app", new TaskDefinitionHandler.Container("repo/app:latest", true, 0, null,
                        Set.of(new PortMapping(8080, "tcp")), Map.of("B", "2", "A", "1"),
                        Map.of("DB_PASSWORD", "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf"),
                        null,
                        new LogConfiguration("awslogs", Map.of("awslogs-region", "ap-northeast-1"))),
                "xray-daemon", new TaskDefinitionHandler.Container("amazon/aws-xray-daemon", true, 32, 256,
                        Set.of(new PortMapping(2000, "udp")), Map.of(), Map.of(), null,
                        new LogConfiguration("awslogs", Map.of()))));

        var request = TaskDefinitions.registration("svc", view, Map.of("k", "v"));
        TaskDefinition asRegistered = TaskDefinition.builder().family(request.family()).cpu(request.cpu())
                .memory(request.memory()).networkMode(request.networkMode())
                .requiresCompatibilities(request.requiresCompatibilities()).taskRoleArn(request.taskRoleArn())
                .executionRoleArn(request.executionRoleArn()).containerDefinitions(request.containerDefinitions())
                .build();

        List<Drift> drifts = Delta.between(view, TaskDefinitions.view(asRegistered)).drifts();
        assertThat(drifts).isEmpty();
        assertThat(request.tags()).singleElement().satisfies(t -> assertThat(t.key()).isEqualTo("k"));
        assertThat(request.cpu()).isEqualTo("256");
        assertThat(request.containerDefinitions()).filteredOn(c -> c.name().equals("app")).singleElement()
                .satisfies(c -> assertThat(c.secrets()).singleElement().satisfies(secret -> {
                    assertThat(secret.name()).isEqualTo("DB_PASSWORD");
                    assertThat(secret.valueFrom()).endsWith(":secret:db-AbCdEf");
                }));
    }

    @Test
    void anEnvChangeIsDriftAtTheVariablesPath() {
        TaskDefinitionHandler.Container wanted = new TaskDefinitionHandler.Container("i", true, 0, null, Set.of(),
                Map.of("API_CNAME", "b.example"), Map.of(), null, new LogConfiguration("", Map.of()));
        TaskDefinitionHandler.Container have = new TaskDefinitionHandler.Container("i", true, 0, null, Set.of(),
                Map.of("API_CNAME", "elsewhere"), Map.of(), List.of(), new LogConfiguration("", Map.of()));
        TaskDefinitionHandler.View desired = new TaskDefinitionHandler.View(256, 512, "awsvpc", Set.of(), "", "",
                Map.of("app", wanted));
        TaskDefinitionHandler.View actual = new TaskDefinitionHandler.View(256, 512, "awsvpc", Set.of(), "", "",
                Map.of("app", have));

        assertThat(Delta.between(desired, actual).paths()).containsExactly("containers.app.environment.API_CNAME");
    }

    @Test
    void theCollectorsHealthCheckRoundTripsAndItsLossIsDrift() {
        HealthCheck probe = new HealthCheck(List.of("CMD", "/healthcheck"), 5, 6, 5, 1);
        TaskDefinitionHandler.Container collector = new TaskDefinitionHandler.Container("collector:1", true, 32, 256,
                Set.of(), Map.of(), Map.of(), null, new LogConfiguration("", Map.of()), probe);
        TaskDefinitionHandler.View view = new TaskDefinitionHandler.View(256, 512, "awsvpc", Set.of("FARGATE"), "", "",
                Map.of("aws-otel-collector", collector));

        var request = TaskDefinitions.registration("svc", view, Map.of());
        assertThat(request.containerDefinitions().get(0).healthCheck().command()).containsExactly("CMD",
                "/healthcheck");
        TaskDefinition asRegistered = TaskDefinition.builder().cpu("256").memory("512").networkMode("awsvpc")
                .requiresCompatibilitiesWithStrings("FARGATE").containerDefinitions(request.containerDefinitions())
                .build();
        assertThat(Delta.between(view, TaskDefinitions.view(asRegistered)).drifts()).isEmpty();

        TaskDefinition withoutCheck = asRegistered.toBuilder().containerDefinitions(
                request.containerDefinitions().get(0).toBuilder().healthCheck((software.amazon.awssdk.services.ecs
                        .model.HealthCheck) null).build()).build();
        assertThat(Delta.between(view, TaskDefinitions.view(withoutCheck)).paths())
                .containsExactly("containers.aws-otel-collector.healthCheck.command");
    }

    @Test
    void aHealthCheckTheSpecDoesNotSetIsNotCompared() {
        TaskDefinitionHandler.Container daemon = new TaskDefinitionHandler.Container("amazon/aws-xray-daemon", true,
                32, 256, Set.of(), Map.of(), Map.of(), null, new LogConfiguration("", Map.of()));
        ContainerDefinition checkedByHand = ContainerDefinition.builder().name("xray-daemon")
                .image("amazon/aws-xray-daemon").cpu(32).memoryReservation(256)
                .healthCheck(h -> h.command("CMD-SHELL", "true").interval(30)).build();

        assertThat(Delta.between(daemon, TaskDefinitions.container(checkedByHand)).isEmpty()).isTrue();
    }
}
