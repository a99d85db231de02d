package io.tracefleet.resources;

import io.tracefleet.desired.ResourceKind;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The handler of every resource kind. */
public final class ResourceHandlers {
    private final Map<ResourceKind, ResourceHandler<?>> byKind = new EnumMap<>(ResourceKind.class);

    public ResourceHandlers(List<ResourceHandler<?>> handlers) {
        handlers.forEach(h -> {
            if (byKind.put(h.kind(), h) != null) {
                throw new IllegalArgumentException("two handlers for " + h.kind());
            }
        });
    }

    /** Every kind Tracefleet manages, each with the class that owns its lifecycle. */
    public static ResourceHandlers all() {
        return all(TargetHealthReads.UNSETTLED);
    }

    public static ResourceHandlers all(TargetHealthReads targetHealth) {
        return all(targetHealth, java.util.Optional.empty());
    }

    /** With task definition revisions' content kept in {@code revisions} between runs, when given. */
    public static ResourceHandlers all(TargetHealthReads targetHealth, java.util.Optional<RevisionFiles> revisions) {
        return new ResourceHandlers(List.of(
                new ClusterHandler(),
                new LogGroupHandler(),
                new LoadBalancerHandler(),
                new TargetGroupHandler(),
                new ListenerHandler(),
                new ListenerRuleHandler(),
                new IamRoleHandler(),
                new SecurityGroupHandler(),
                new EcrRepositoryHandler(),
                revisions.map(TaskDefinitionHandler::new).orElseGet(TaskDefinitionHandler::new),
                new EcsServiceHandler(targetHealth)));
    }

    @SuppressWarnings("unchecked")
    public <V extends Record> ResourceHandler<V> of(ResourceKind kind) {
        ResourceHandler<?> handler = byKind.get(kind);
        if (handler == null) {
            throw new IllegalStateException("no handler for " + kind);
        }
        return (ResourceHandler<V>) handler;
    }

    public boolean handles(ResourceKind kind) {
        return byKind.containsKey(kind);
    }
}
