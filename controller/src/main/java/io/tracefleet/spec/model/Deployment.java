package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;
import io.tracefleet.spec.model.Range;

public record Deployment(
        @Range(min = 0, max = 100) @Doc("Tasks that must stay running during a deployment, in % of desiredCount. "
                + "Default: 100.") Integer minimumHealthyPercent,
        @Range(min = 100, max = 200) @Doc("Tasks allowed during a deployment, in % of desiredCount. Default: 200.")
        Integer maximumPercent,
        @Doc("Stop and roll back a deployment whose tasks keep failing. Default: false.") Boolean circuitBreaker) {
}
