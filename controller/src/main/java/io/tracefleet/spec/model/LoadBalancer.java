package io.tracefleet.spec.model;

import io.tracefleet.spec.Doc;
import io.tracefleet.spec.NameRule;
import io.tracefleet.spec.Named;
import io.tracefleet.spec.Range;

public record LoadBalancer(
        @Range(min = 1, max = 65535) @Doc("HTTP listener port. Default: 80.") Integer port,
        @Doc("internet-facing or internal. Default: internet-facing.") Scheme scheme,
        @Named(NameRule.LOAD_BALANCER_NAME) @Doc("Load balancer name. Default: <application>-<service>-alb.")
        String name,
        @Named(NameRule.TARGET_GROUP_NAME) @Doc("Target group name. Default: <application>-<service>-tg.")
        String targetGroupName) {

    public enum Scheme implements io.tracefleet.spec.WireName {
        INTERNET_FACING, INTERNAL
    }
}
