package io.tracefleet.desired;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Everything one application needs in AWS, in dependency order: each resource comes after the resources it
 * depends on, and among independent resources the order is the one the builder declared them in.
 */
public record DesiredState(String application, String region, List<DesiredResource> resources) {

    public DesiredState {
        resources = dependencyOrder(resources);
    }

    public Optional<DesiredResource> find(LogicalId id) {
        return resources.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public DesiredResource get(LogicalId id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("No resource " + id + " in " + application));
    }

    public List<DesiredResource> ofKind(ResourceKind kind) {
        return resources.stream().filter(r -> r.kind() == kind).toList();
    }

    /** Kahn's algorithm, always taking the earliest-declared ready resource, so the order is stable. */
    private static List<DesiredResource> dependencyOrder(Collection<DesiredResource> declared) {
        List<DesiredResource> list = List.copyOf(declared);
        Map<LogicalId, Integer> index = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            if (index.put(list.get(i).id(), i) != null) {
                throw new IllegalArgumentException("Two resources have the logical id " + list.get(i).id());
            }
        }
        int[] waitingOn = new int[list.size()];
        List<List<Integer>> dependents = new ArrayList<>();
        list.forEach(r -> dependents.add(new ArrayList<>()));
        for (int i = 0; i < list.size(); i++) {
            for (LogicalId dependency : list.get(i).dependsOn()) {
                Integer d = index.get(dependency);
                if (d == null) {
                    throw new IllegalArgumentException(list.get(i).id() + " depends on unknown " + dependency);
                }
                dependents.get(d).add(i);
                waitingOn[i]++;
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < list.size(); i++) {
            if (waitingOn[i] == 0) {
                ready.add(i);
            }
        }
        List<DesiredResource> ordered = new ArrayList<>(list.size());
        while (!ready.isEmpty()) {
            int next = ready.poll();
            ordered.add(list.get(next));
            for (int dependent : dependents.get(next)) {
                if (--waitingOn[dependent] == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (ordered.size() != list.size()) {
            throw new IllegalArgumentException("Dependency cycle among " + list.stream()
                    .filter(r -> !ordered.contains(r)).map(DesiredResource::id).toList());
        }
        return List.copyOf(ordered);
    }
}
