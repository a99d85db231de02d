package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;
import io.tracefleet.spec.model.NameRule;
import io.tracefleet.spec.model.Named;
import io.tracefleet.spec.model.Range;

/** An application load balancer that several services share, each through its own listener rule. */
public record SharedLoadBalancer(
        @Range(min = 1, max = 65535) @Doc("HTTP listener port. Default: 80.") Integer port,
        @Doc("internet-facing or internal. Default: internet-facing.") LoadBalancer.Scheme scheme,
        @Named(NameRule.LOAD_BALANCER_NAME) @Doc("Load balancer name. Default: <application>-<key>-alb.")
        String name) {
}
