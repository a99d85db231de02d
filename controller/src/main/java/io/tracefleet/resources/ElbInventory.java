package io.tracefleet.resources;

import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What one cycle listed of a kind of ELB resource (load balancers, target groups), by ARN for the prune and by name
 * for the observes. Two may share a name where an emulator allows it (moto makes a second load balancer for a
 * repeated create): observe sees the first listed, as describing by name would, and the prune sees both.
 */
final class ElbInventory<V extends Record> {
    private final Map<String, Observed<V>> byArn = new ConcurrentHashMap<>();
    private final Map<String, Observed<V>> byName = new ConcurrentHashMap<>();

    /**
     * The inventory of what a listing found, with the tags of all of it read 20 ARNs a call. One gone between the
     * listing and its tags is left out.
     */
    static <R, V extends Record> ElbInventory<V> of(ElasticLoadBalancingV2Client elb, List<R> listed,
                                                   Function<R, String> arn,
                                                   BiFunction<R, Map<String, String>, Observed<V>> observed) {
        Map<String, Map<String, String>> tags = ElbTags.ofAll(elb, listed.stream().map(arn).toList());
        ElbInventory<V> inventory = new ElbInventory<>();
        listed.stream().filter(x -> tags.containsKey(arn.apply(x)))
                .forEach(x -> inventory.listed(observed.apply(x, tags.get(arn.apply(x)))));
        return inventory;
    }

    /** Adds one as listed; a later one with a name already seen does not replace it for observes. */
    void listed(Observed<V> observed) {
        byArn.put(observed.identifier(), observed);
        byName.putIfAbsent(observed.physicalName(), observed);
    }

    /** What this cycle made or changed: it is what observes of its name see from now on. */
    Observed<V> remember(Observed<V> observed) {
        byArn.put(observed.identifier(), observed);
        byName.put(observed.physicalName(), observed);
        return observed;
    }

    void deleted(Observed<?> observed) {
        byArn.remove(observed.identifier());
        byName.computeIfPresent(observed.physicalName(),
                (name, known) -> known.identifier().equals(observed.identifier()) ? null : known);
        byArn.values().stream().filter(o -> o.physicalName().equals(observed.physicalName())).findFirst()
                .ifPresent(other -> byName.putIfAbsent(other.physicalName(), other));
    }

    Optional<Observed<V>> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    Collection<Observed<V>> all() {
        return byArn.values();
    }
}
