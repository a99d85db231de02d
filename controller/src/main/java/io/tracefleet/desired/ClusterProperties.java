package io.tracefleet.desired;

import java.util.List;

/** An ECS cluster; Fargate needs nothing configured on it. */
public record ClusterProperties() implements ResourceProperties {
    @Override
    public List<String> describe() {
        return List.of();
    }
}
