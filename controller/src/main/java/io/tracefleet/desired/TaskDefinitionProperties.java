package io.tracefleet.desired;

import java.util.ArrayList;
import java.util.List;

/** A Fargate task definition: the service's container and its tracing sidecar. */
public record TaskDefinitionProperties(
        String family,
        int cpu,
        int memory,
        String networkMode,
        List<String> requiresCompatibilities,
        Ref taskRoleArn,
        Ref executionRoleArn,
        List<ContainerDefinition> containers) implements ResourceProperties {

    public TaskDefinitionProperties {
        requiresCompatibilities = List.copyOf(requiresCompatibilities);
        containers = List.copyOf(containers);
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(", ", requiresCompatibilities) + ", " + networkMode + ", cpu " + cpu + ", memory "
                + memory);
        lines.add("task role " + taskRoleArn + ", execution role " + executionRoleArn);
        containers.forEach(c -> lines.addAll(c.describe()));
        return lines;
    }
}
