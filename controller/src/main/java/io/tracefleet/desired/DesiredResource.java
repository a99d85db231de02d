package io.tracefleet.desired;

import java.util.Map;
import java.util.Set;

/** One resource an application needs, with everything needed to create it and to tell whether it drifted. */
public record DesiredResource(
        ResourceKind kind,
        LogicalId id,
        String physicalName,
        ResourceProperties properties,
        Map<String, String> tags,
        Set<LogicalId> dependsOn) {

    public DesiredResource {
        tags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
        dependsOn = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(dependsOn));
    }

    /** The same resource under another name: the temporary twin that stands in while this one is replaced. */
    public DesiredResource withPhysicalName(String name) {
        return new DesiredResource(kind, id, name, properties, tags, dependsOn);
    }
}
