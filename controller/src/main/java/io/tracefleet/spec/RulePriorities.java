package io.tracefleet.spec;

import io.tracefleet.spec.model.LoadBalancer;
import io.tracefleet.spec.model.Service;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The listener rule priority of every service on one shared load balancer. A priority the spec sets is kept; the
 * others are derived from the service's name alone — a CRC-32 of it, mapped onto {@value #AUTO_MIN} to
 * {@value #MAX} — so adding or removing another service leaves them where they are. Two names on one slot are
 * resolved in name order, the later one taking the next free slot above (wrapping round): only a newcomer landing on
 * the very slot of an existing service that sorts after it moves that one, about n / 49,001 per added service.
 * Priorities below {@value #AUTO_MIN} are never assigned, so a priority the user sets there comes first.
 */
public final class RulePriorities {
    public static final int MIN = 1;
    public static final int AUTO_MIN = 1000;
    public static final int MAX = 50000;

    private RulePriorities() {
    }

    /** Service name to priority, for the services attached to {@code shared}, in name order. */
    public static Map<String, Integer> assign(Map<String, Service> services, String shared) {
        Map<String, LoadBalancer> attached = new TreeMap<>();
        services.forEach((name, service) -> {
            if (service != null && service.loadBalancer() != null
                    && shared.equals(service.loadBalancer().shared())) {
                attached.put(name, service.loadBalancer());
            }
        });
        Set<Integer> taken = new HashSet<>();
        attached.values().stream().map(LoadBalancer::priority).filter(p -> p != null).forEach(taken::add);
        Map<String, Integer> priorities = new LinkedHashMap<>();
        attached.forEach((name, lb) -> {
            if (lb.priority() != null) {
                priorities.put(name, lb.priority());
                return;
            }
            int slot = home(name);
            while (!taken.add(slot)) {
                slot = slot == MAX ? AUTO_MIN : slot + 1;
            }
            priorities.put(name, slot);
        });
        return priorities;
    }

    /** Where a service's rule goes when nothing else is there. */
    static int home(String service) {
        CRC32 crc = new CRC32();
        crc.update(service.getBytes(StandardCharsets.UTF_8));
        return AUTO_MIN + (int) (crc.getValue() % (MAX - AUTO_MIN + 1));
    }
}
