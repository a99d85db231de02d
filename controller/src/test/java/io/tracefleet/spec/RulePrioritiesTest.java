package io.tracefleet.spec;

import io.tracefleet.spec.model.LoadBalancer;
import io.tracefleet.spec.model.Service;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RulePrioritiesTest {

    private static Service on(String shared, Integer priority) {
        LoadBalancer lb = new LoadBalancer(null, null, null, null, shared, List.of("/x/*"), null, priority);
        return new Service("nginx", 80, null, null, null, null, null, null, lb, null, null, null, null, null, null);
    }

    private static Map<String, Service> services(List<String> names) {
        Map<String, Service> services = new LinkedHashMap<>();
        names.forEach(n -> services.put(n, on("edge", null)));
        return services;
    }

    /** Two names whose rules want the same slot, found by search so the test does not hard-code CRC values. */
    private static List<String> collidingPair() {
        Map<Integer, String> seen = new HashMap<>();
        for (int i = 0; ; i++) {
            String name = "svc-" + i;
            String earlier = seen.putIfAbsent(RulePriorities.home(name), name);
            if (earlier != null) {
                return List.of(earlier, name).stream().sorted().toList();
            }
        }
    }

    @Test
    void derivedPrioritiesAreBetween1000And50000AndDistinct() {
        List<String> names = IntStream.range(0, 100).mapToObj(i -> "service-" + i).toList();

        Map<String, Integer> priorities = RulePriorities.assign(services(names), "edge");

        assertThat(priorities).hasSize(100);
        assertThat(priorities.values()).allSatisfy(p -> assertThat(p).isBetween(1000, 50000));
        assertThat(priorities.values()).doesNotHaveDuplicates();
        List<String> reversed = new java.util.ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        assertThat(RulePriorities.assign(services(reversed), "edge"))
                .as("the order services are listed in does not matter").isEqualTo(priorities);
    }

    @Test
    void addingOrRemovingAServiceLeavesTheOthersWhereTheyAre() {
        List<String> names = IntStream.range(0, 50).mapToObj(i -> "api-" + i).toList();
        Map<String, Integer> before = RulePriorities.assign(services(names), "edge");

        Map<String, Service> grown = services(names);
        grown.put("checkout", on("edge", null));
        Map<String, Service> shrunk = services(names.subList(1, names.size()));

        Map<String, Integer> afterAdding = RulePriorities.assign(grown, "edge");
        assertThat(afterAdding).containsAllEntriesOf(before).containsKey("checkout");
        Map<String, Integer> afterRemoving = RulePriorities.assign(shrunk, "edge");
        before.remove("api-0");
        assertThat(afterRemoving).isEqualTo(before);
    }

    @Test
    void twoNamesOnOneSlotAreSettledInNameOrder() {
        List<String> pair = collidingPair();
        int home = RulePriorities.home(pair.get(0));

        assertThat(RulePriorities.assign(services(List.of(pair.get(1))), "edge")).containsEntry(pair.get(1), home);
        assertThat(RulePriorities.assign(services(pair), "edge"))
                .containsEntry(pair.get(0), home)
                .containsEntry(pair.get(1), home == RulePriorities.MAX ? RulePriorities.AUTO_MIN : home + 1);
    }

    @Test
    void aPriorityTheSpecSetsIsKeptAndItsSlotSkipped() {
        String name = "orders";
        int home = RulePriorities.home(name);
        Map<String, Service> services = new LinkedHashMap<>();
        services.put(name, on("edge", null));
        services.put("catch-all", on("edge", home));
        services.put("elsewhere", on("internal", 5));
        services.put("own-lb", new Service("nginx", 80, null, null, null, null, null, null,
                new LoadBalancer(80, null, null, null, null, null, null, null), null, null, null, null, null, null));

        Map<String, Integer> priorities = RulePriorities.assign(services, "edge");

        assertThat(priorities).containsOnlyKeys(name, "catch-all");
        assertThat(priorities).containsEntry("catch-all", home).containsEntry(name, home + 1);
    }
}
