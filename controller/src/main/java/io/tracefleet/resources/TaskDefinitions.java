package io.tracefleet.resources;

import io.tracefleet.desired.ContainerDefinition.HealthCheck;
import io.tracefleet.desired.ContainerDefinition.LogConfiguration;
import io.tracefleet.desired.ContainerDefinition.PortMapping;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pure mapping between ECS task definitions and {@link TaskDefinitionHandler.View}: what AWS adds or spells
 * differently (default protocol, hostPort, cpu 0, "1 vCPU", absent lists) is normalised here, so that a revision
 * registered from a view observes equal to it.
 */
final class TaskDefinitions {
    /** ECS reports a container registered without cpu as cpu 0. */
    static final int NO_CONTAINER_CPU = 0;
    /** What an absent role or log configuration is in a view: a value ("none"), not an unknown. */
    static final String NONE = "";
    static final HealthCheck NO_HEALTH_CHECK = new HealthCheck(List.of(), null, null, null, null);

    private TaskDefinitions() {
    }

    static TaskDefinitionHandler.View view(TaskDefinition definition) {
        Map<String, TaskDefinitionHandler.Container> containers = new TreeMap<>();
        definition.containerDefinitions().forEach(c -> containers.put(c.name(), container(c)));
        return new TaskDefinitionHandler.View(
                cpuUnits(definition.cpu()),
                memoryMib(definition.memory()),
                definition.networkModeAsString(),
                Set.copyOf(definition.requiresCompatibilitiesAsStrings()),
                definition.taskRoleArn() == null ? NONE : definition.taskRoleArn(),
                definition.executionRoleArn() == null ? NONE : definition.executionRoleArn(),
                containers);
    }

    static TaskDefinitionHandler.Container container(ContainerDefinition c) {
        Map<String, String> environment = new TreeMap<>();
        c.environment().forEach(e -> environment.put(e.name(), e.value() == null ? "" : e.value()));
        LogConfiguration logs = c.logConfiguration() == null ? new LogConfiguration(NONE, Map.of())
                : new LogConfiguration(c.logConfiguration().logDriverAsString(), c.logConfiguration().options());
        return new TaskDefinitionHandler.Container(
                c.image(),
                // ECS treats a container without the flag as essential.
                c.essential() == null || c.essential(),
                c.cpu() == null ? NO_CONTAINER_CPU : c.cpu(),
                c.memoryReservation(),
                c.portMappings().stream()
                        .map(p -> portMapping(p.containerPort(), p.protocolAsString()))
                        .collect(Collectors.toUnmodifiableSet()),
                environment,
                c.secrets().stream().collect(Collectors.toMap(Secret::name, Secret::valueFrom, (a, b) -> b,
                        TreeMap::new)),
                c.hasCommand() ? List.copyOf(c.command()) : List.of(),
                logs,
                healthCheck(c.healthCheck()));
    }

    /**
     * A container registered without a check reads as one with no command, a value rather than an unknown: a
     * revision that lost the collector's check is drift. Containers whose check the spec does not set never compare.
     */
    static HealthCheck healthCheck(software.amazon.awssdk.services.ecs.model.HealthCheck check) {
        return check == null ? NO_HEALTH_CHECK : new HealthCheck(check.hasCommand() ? check.command() : List.of(),
                check.interval(), check.timeout(), check.retries(), check.startPeriod());
    }

    /** AWS fills in hostPort (equal to containerPort on awsvpc) and protocol tcp; neither is ours to compare. */
    static PortMapping portMapping(Integer containerPort, String protocol) {
        return new PortMapping(containerPort == null ? 0 : containerPort,
                protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT));
    }

    /** ECS accepts "1 vCPU" at registration and reports units ("1024"); both read as units. */
    static Integer cpuUnits(String cpu) {
        return parse(cpu, "vcpu");
    }

    /** ECS accepts "1 GB" at registration and reports MiB ("1024"); both read as MiB. */
    static Integer memoryMib(String memory) {
        return parse(memory, "gb");
    }

    private static Integer parse(String value, String unit) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.endsWith(unit)) {
            double amount = Double.parseDouble(text.substring(0, text.length() - unit.length()).trim());
            return (int) Math.round(amount * 1024);
        }
        return Integer.parseInt(text);
    }

    static RegisterTaskDefinitionRequest registration(String family, TaskDefinitionHandler.View view,
                                                      Map<String, String> tags) {
        return RegisterTaskDefinitionRequest.builder()
                .family(family)
                .cpu(view.cpu() == null ? null : String.valueOf(view.cpu()))
                .memory(view.memory() == null ? null : String.valueOf(view.memory()))
                .networkMode(view.networkMode())
                .requiresCompatibilitiesWithStrings(view.requiresCompatibilities().stream().sorted().toList())
                .taskRoleArn(blankToNull(view.taskRoleArn()))
                .executionRoleArn(blankToNull(view.executionRoleArn()))
                .containerDefinitions(view.containers().entrySet().stream()
                        .map(e -> containerDefinition(e.getKey(), e.getValue())).toList())
                .tags(EcsTags.toSdk(tags))
                .build();
    }

    private static ContainerDefinition containerDefinition(String name, TaskDefinitionHandler.Container c) {
        ContainerDefinition.Builder builder = ContainerDefinition.builder()
                .name(name)
                .image(c.image())
                .essential(c.essential())
                .cpu(c.cpu())
                .memoryReservation(c.memoryReservation())
                .portMappings(c.portMappings().stream()
                        .sorted(Comparator.comparing(PortMapping::containerPort).thenComparing(PortMapping::protocol))
                        .map(p -> software.amazon.awssdk.services.ecs.model.PortMapping.builder()
                                .containerPort(p.containerPort()).protocol(p.protocol()).build())
                        .toList())
                .environment(c.environment().entrySet().stream()
                        .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList())
                .secrets(c.secrets() == null ? List.of() : c.secrets().entrySet().stream()
                        .map(e -> Secret.builder().name(e.getKey()).valueFrom(e.getValue()).build()).toList());
        if (c.command() != null && !c.command().isEmpty()) {
            builder.command(c.command());
        }
        if (c.healthCheck() != null && !c.healthCheck().command().isEmpty()) {
            builder.healthCheck(h -> h.command(c.healthCheck().command()).interval(c.healthCheck().interval())
                    .timeout(c.healthCheck().timeout()).retries(c.healthCheck().retries())
                    .startPeriod(c.healthCheck().startPeriod()));
        }
        if (c.logConfiguration() != null && !NONE.equals(c.logConfiguration().logDriver())) {
            builder.logConfiguration(l -> l.logDriver(c.logConfiguration().logDriver())
                    .options(c.logConfiguration().options()));
        }
        return builder.build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** The family of a revision ARN ({@code ...:task-definition/<family>:<revision>}) or of {@code family:rev}. */
    static String familyOf(String arn) {
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        int colon = name.lastIndexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    static int revisionOf(String arn) {
        return Integer.parseInt(arn.substring(arn.lastIndexOf(':') + 1));
    }

    /**
     * The revisions of exactly this family, newest first. ListTaskDefinitions' familyPrefix matches longer family
     * names too ({@code svc} also lists {@code svc-worker}), and its sort order is not relied on.
     */
    static List<String> revisionsOfFamily(String family, List<String> arns) {
        return arns.stream()
                .filter(arn -> familyOf(arn).equals(family))
                .sorted(Comparator.comparingInt(TaskDefinitions::revisionOf).reversed())
                .toList();
    }
}
