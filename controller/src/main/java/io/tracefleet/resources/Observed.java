package io.tracefleet.resources;

import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;

import java.util.Map;
import java.util.Optional;

/**
 * A resource as one observation of AWS found it: how to address it, its tags (which claim it, and whose proof says
 * whether it is ours: {@link Ownership}),
 * what it exposes to dependents, and its owned fields as a view comparable with the desired view.
 *
 * @param identifier the ARN or id that addresses it in later calls
 * @param view       the owned fields as AWS reports them; a null field is one AWS did not report
 * @param tagsRead   false when the observation left the tags out because reading them costs a call per resource
 *                   (log groups, task definition revisions): such a resource is owned by nobody until
 *                   {@link ResourceHandler#readTags} reads them, which the reconciler does before any write
 */
public record Observed<V extends Record>(
        ResourceKind kind,
        String physicalName,
        String identifier,
        Map<String, String> tags,
        Map<Output, String> outputs,
        V view,
        boolean tagsRead) {

    public Observed {
        tags = Map.copyOf(tags);
        outputs = Map.copyOf(outputs);
    }

    public Observed(ResourceKind kind, String physicalName, String identifier, Map<String, String> tags,
                    Map<Output, String> outputs, V view) {
        this(kind, physicalName, identifier, tags, outputs, view, true);
    }

    /** An observation whose tags were not read this cycle. */
    public static <V extends Record> Observed<V> withoutTags(ResourceKind kind, String physicalName,
                                                             String identifier, Map<Output, String> outputs, V view) {
        return new Observed<>(kind, physicalName, identifier, Map.of(), outputs, view, false);
    }

    /** The same observation with the tags just read. */
    public Observed<V> withTags(Map<String, String> freshTags) {
        return new Observed<>(kind, physicalName, identifier, freshTags, outputs, view, true);
    }

    /** The same observation with other fields (after an update, or more of what was read), its tags as they were. */
    public Observed<V> withView(V newView) {
        return new Observed<>(kind, physicalName, identifier, tags, outputs, newView, tagsRead);
    }

    /**
     * Whether it carries the application's ownership tags: what a listing of candidates for the prune filters on.
     * A claim anyone allowed to tag can make; whether it is ours is {@link Ownership#proves}.
     */
    public boolean isClaimedBy(String application) {
        return tagsRead && OwnershipTags.claims(tags, application);
    }

    /** The logical id this resource was created for, from its {@code tracefleet.io/resource} tag. */
    public Optional<LogicalId> logicalId() {
        return Optional.ofNullable(tags.get(OwnershipTags.RESOURCE)).map(LogicalId::of);
    }
}
