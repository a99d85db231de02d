package io.tracefleet.desired;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One container of a task definition, with the fields Tracefleet sets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerDefinition(
        String name,
        Template image,
        boolean essential,
        Integer cpu,
        Integer memoryReservation,
        List<PortMapping> portMappings,
        Map<String, Template> environment,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> secrets,
        List<String> command,
        LogConfiguration logConfiguration,
        HealthCheck healthCheck) {

    /**
     * @param secrets environment variables ECS fills from Secrets Manager or SSM when a task starts: name to ARN.
     *                Only the ARN is ever held here.
     */
    public ContainerDefinition {
        portMappings = List.copyOf(portMappings);
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        secrets = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(secrets));
        command = command == null ? null : List.copyOf(command);
    }

    /** A container without secrets. */
    public ContainerDefinition(String name, Template image, boolean essential, Integer cpu, Integer memoryReservation,
                               List<PortMapping> portMappings, Map<String, Template> environment,
                               List<String> command, LogConfiguration logConfiguration) {
        this(name, image, essential, cpu, memoryReservation, portMappings, environment, Map.of(), command,
                logConfiguration, null);
    }

    /** A container without a health check of its own. */
    public ContainerDefinition(String name, Template image, boolean essential, Integer cpu, Integer memoryReservation,
                               List<PortMapping> portMappings, Map<String, Template> environment,
                               Map<String, String> secrets, List<String> command,
                               LogConfiguration logConfiguration) {
        this(name, image, essential, cpu, memoryReservation, portMappings, environment, secrets, command,
                logConfiguration, null);
    }

    public record PortMapping(int containerPort, String protocol) {
        @Override
        public String toString() {
            return containerPort + "/" + protocol;
        }
    }

    /**
     * ECS's container health check (seconds). ECS acts only on a check the task definition declares, never on one
     * built into the image, so a sidecar that can fail silently gets one here.
     */
    public record HealthCheck(List<String> command, Integer interval, Integer timeout, Integer retries,
                              Integer startPeriod) {
        public HealthCheck {
            command = List.copyOf(command);
        }

        @Override
        public String toString() {
            return command + " every " + interval + "s, timeout " + timeout + "s, " + retries + " retries, start "
                    + startPeriod + "s";
        }
    }

    /** The awslogs driver, always with the spec's region: a hard-coded region is what broke the seed's tasks. */
    public record LogConfiguration(String logDriver, Map<String, String> options) {
        public LogConfiguration {
            options = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(options));
        }

        public static LogConfiguration awslogs(String group, String region, String streamPrefix) {
            return new LogConfiguration("awslogs", Map.of("awslogs-group", group, "awslogs-region", region,
                    "awslogs-stream-prefix", streamPrefix));
        }
    }

    List<String> describe() {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder("container " + name + ": " + image);
        if (!portMappings.isEmpty()) {
            head.append(", ports ").append(portMappings.stream().map(PortMapping::toString).toList());
        }
        if (cpu != null) {
            head.append(", cpu ").append(cpu);
        }
        if (memoryReservation != null) {
            head.append(", memoryReservation ").append(memoryReservation);
        }
        head.append(essential ? ", essential" : "");
        lines.add(head.toString());
        environment.forEach((k, v) -> lines.add("  env " + k + "=" + abbreviate(v.toString())));
        secrets.forEach((k, arn) -> lines.add("  secret " + k + " from " + arn));
        if (command != null) {
            lines.add("  command " + command.stream().map(ContainerDefinition::abbreviate).toList());
        }
        if (healthCheck != null) {
            lines.add("  health check " + healthCheck);
        }
        lines.add("  logs: " + logConfiguration.logDriver() + " " + logConfiguration.options());
        return lines;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() > 100 ? oneLine.substring(0, 97) + "..." : oneLine;
    }
}
