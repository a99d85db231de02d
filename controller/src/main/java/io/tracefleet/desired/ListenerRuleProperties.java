package io.tracefleet.desired;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule on a shared load balancer's listener that forwards one service's requests, told apart by path and host
 * patterns, to its target group. Empty lists are conditions the rule does not have.
 */
public record ListenerRuleProperties(Ref listener, int priority, List<String> paths, List<String> hosts,
                                     Ref targetGroup) implements ResourceProperties {

    public ListenerRuleProperties {
        paths = List.copyOf(paths);
        hosts = List.copyOf(hosts);
    }

    @Override
    public List<String> describe() {
        List<String> conditions = new ArrayList<>();
        if (!paths.isEmpty()) {
            conditions.add("path " + String.join(" or ", paths));
        }
        if (!hosts.isEmpty()) {
            conditions.add("host " + String.join(" or ", hosts));
        }
        return List.of("priority " + priority + " on " + listener, "if " + String.join(" and ", conditions)
                + ": forward to " + targetGroup);
    }
}
