package io.tracefleet.resources;

import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the load balancer's health checks say about a service's tasks, summed over the target groups it is bound
 * to. ECS registers a task as a target when it starts and replaces tasks that fail the checks, so a service whose
 * ECS counts look fine can still answer no request: this is what tells.
 *
 * @param failureReasons the reason codes of unhealthy targets (Target.Timeout, Target.ResponseCodeMismatch, ...)
 * @param unreadable     why the counts could not be read this pass (an error code), else null
 */
public record TargetHealth(int healthy, int unhealthy, int initial, int draining, List<String> failureReasons,
                           String unreadable) {

    public TargetHealth {
        failureReasons = List.copyOf(failureReasons);
    }

    public static final TargetHealth NONE = new TargetHealth(0, 0, 0, 0, List.of(), null);

    public static TargetHealth unreadable(String why) {
        return new TargetHealth(0, 0, 0, 0, List.of(), Objects.requireNonNull(why));
    }

    /** Counts DescribeTargetHealth's answer for one target group; unused and unavailable targets take no traffic. */
    public static TargetHealth of(List<TargetHealthDescription> descriptions) {
        int healthy = 0;
        int unhealthy = 0;
        int initial = 0;
        int draining = 0;
        var reasons = new TreeSet<String>();
        for (TargetHealthDescription d : descriptions) {
            String state = d.targetHealth() == null ? "" : d.targetHealth().stateAsString();
            state = state == null ? "" : state.toLowerCase(Locale.ROOT);
            // Newer models add unhealthy.draining: a target failing its checks that is being taken out.
            if (state.equals("healthy")) {
                healthy++;
            } else if (state.startsWith("unhealthy")) {
                unhealthy++;
                if (d.targetHealth().reasonAsString() != null) {
                    reasons.add(d.targetHealth().reasonAsString());
                }
            } else if (state.equals("initial")) {
                initial++;
            } else if (state.equals("draining")) {
                draining++;
            }
        }
        return new TargetHealth(healthy, unhealthy, initial, draining, List.copyOf(reasons), null);
    }

    public TargetHealth plus(TargetHealth other) {
        var reasons = new TreeSet<>(failureReasons);
        reasons.addAll(other.failureReasons);
        return new TargetHealth(healthy + other.healthy, unhealthy + other.unhealthy, initial + other.initial,
                draining + other.draining, List.copyOf(reasons), unreadable != null ? unreadable : other.unreadable);
    }

    /** Targets that take or are about to take traffic. */
    public int registered() {
        return healthy + unhealthy + initial;
    }

    public String summary() {
        if (unreadable != null) {
            return "target health unreadable (" + unreadable + ")";
        }
        StringBuilder text = new StringBuilder(healthy + " healthy, " + unhealthy + " unhealthy");
        if (!failureReasons.isEmpty()) {
            text.append(" (").append(String.join(", ", failureReasons)).append(')');
        }
        text.append(", ").append(initial).append(" initial");
        if (draining > 0) {
            text.append(", ").append(draining).append(" draining");
        }
        return text.append(" targets").toString();
    }
}
