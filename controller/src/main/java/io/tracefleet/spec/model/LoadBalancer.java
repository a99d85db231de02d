package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;
import io.tracefleet.spec.model.NameRule;
import io.tracefleet.spec.model.Named;
import io.tracefleet.spec.model.Range;

import java.util.List;

/**
 * A service's place behind a load balancer: either one of its own (port, scheme, name) or a rule on one of the
 * application's shared load balancers (shared plus paths and/or hosts).
 */
public record LoadBalancer(
        @Range(min = 1, max = 65535) @Doc("HTTP listener port of the service's own load balancer. Default: 80.")
        Integer port,
        @Doc("internet-facing or internal, for the service's own load balancer. Default: internet-facing.")
        Scheme scheme,
        @Named(NameRule.LOAD_BALANCER_NAME)
        @Doc("Name of the service's own load balancer. Default: <application>-<service>-alb.") String name,
        @Named(NameRule.TARGET_GROUP_NAME) @Doc("Target group name. Default: <application>-<service>-tg.")
        String targetGroupName,
        @Named(NameRule.SERVICE_NAME)
        @Doc("Attach to this entry of spec.loadBalancers instead of owning a load balancer; the service gets a "
                + "listener rule forwarding its paths and hosts to its target group.") String shared,
        @Doc("Path patterns the rule matches on a shared load balancer, e.g. /api/*. At most 5 paths and hosts "
                + "together.") List<@Named(NameRule.PATH_PATTERN) String> paths,
        @Doc("Host names the rule matches on a shared load balancer, e.g. api.example.com. At most 5 paths and "
                + "hosts together.") List<@Named(NameRule.HOST_PATTERN) String> hosts,
        @Range(min = 1, max = 50000)
        @Doc("The rule's priority on a shared load balancer: lower is evaluated first. Set it when two services' "
                + "conditions can match the same request (the more specific one lower). Default: assigned by "
                + "Tracefleet from the service's name, between 1000 and 50000.") Integer priority) {

    public enum Scheme implements io.tracefleet.spec.model.WireName {
        INTERNET_FACING, INTERNAL
    }
}
