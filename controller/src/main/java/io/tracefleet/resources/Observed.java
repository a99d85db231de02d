package io.tracefleet.resources;

import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;

import java.util.Map;
import java.util.Optional;

/**
 * A resource as one observation of AWS found it: how to address it, its tags (which say whether it is ours),
 * what it exposes to dependents, and its owned fields as a view comparable with the desired view.
 *
 * @param identifier the ARN or id that addresses it in later calls
 * @param view       the owned fields as AWS reports them; a null field is one AWS did not report
 */
public record Observed<V extends Record>(
        ResourceKind kind,
        String physicalName,
        String identifier,
        Map<String, String> tags,
        Map<Output, String> outputs,
        V view) {

    public Observed {
        tags = Map.copyOf(tags);
        outputs = Map.copyOf(outputs);
    }

    public boolean isOwnedBy(String application) {
        return OwnershipTags.isOwnedBy(tags, application);
    }

    /** The same resource with more of what the observation read about it. */
    public Observed<V> withView(V richer) {
        return new Observed<>(kind, physicalName, identifier, tags, outputs, richer);
    }

    /** The logical id this resource was created for, from its {@code tracefleet.io/resource} tag. */
    public Optional<LogicalId> logicalId() {
        return Optional.ofNullable(tags.get(OwnershipTags.RESOURCE)).map(LogicalId::of);
    }
}
