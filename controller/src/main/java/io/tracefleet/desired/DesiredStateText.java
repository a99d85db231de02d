package io.tracefleet.desired;

import java.util.List;

/** The desired state as text a person reads top to bottom: one block per resource, in dependency order. */
public final class DesiredStateText {
    private DesiredStateText() {
    }

    public static String render(DesiredState state) {
        StringBuilder out = new StringBuilder();
        List<DesiredResource> resources = state.resources();
        out.append("application ").append(state.application()).append(" in ").append(state.region())
                .append(": ").append(resources.size()).append(" resources in dependency order\n");
        int kindWidth = resources.stream().mapToInt(r -> r.kind().label().length()).max().orElse(0);
        int idWidth = resources.stream().mapToInt(r -> r.id().value().length()).max().orElse(0);
        int number = 1;
        for (DesiredResource resource : resources) {
            out.append('\n').append(String.format("%3d  %-" + kindWidth + "s  %-" + idWidth + "s  %s%n", number++,
                    resource.kind().label(), resource.id().value(), resource.physicalName()));
            for (String line : resource.properties().describe()) {
                out.append("       ").append(line).append('\n');
            }
            if (!resource.dependsOn().isEmpty()) {
                out.append("       depends on: ").append(String.join(", ",
                        resource.dependsOn().stream().map(LogicalId::value).toList())).append('\n');
            }
        }
        return out.toString();
    }
}
