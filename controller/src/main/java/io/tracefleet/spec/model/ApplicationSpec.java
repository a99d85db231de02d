package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;
import io.tracefleet.spec.model.NameRule;
import io.tracefleet.spec.model.Named;
import io.tracefleet.spec.model.Required;

import java.util.Map;

public record ApplicationSpec(
        @Required @Named(NameRule.REGION) @Doc("AWS region of every resource, e.g. ap-northeast-1.") String region,
        @Named(NameRule.CLUSTER_NAME) @Doc("ECS cluster name. Default: the application's name.") String cluster,
        @Required Network network,
        Roles roles,
        Tracing tracing,
        @Doc("Load balancers that services share, by key: a service attaches with loadBalancer.shared: <key> "
                + "and its paths or hosts.")
        Map<@Named(NameRule.SERVICE_NAME) String, SharedLoadBalancer> loadBalancers,
        @Required @Doc("The Fargate services, by name. A name is used for the ECS service, the task definition "
                + "family and the container unless overridden.") Map<@Named(NameRule.SERVICE_NAME) String, Service> services,
        @Doc("Correct drift automatically. false: drift is only reported, and changes are applied by an explicit "
                + "reconcile (POST /reconcile/<app>). Default: true.") Boolean selfHeal,
        @Doc("Take over existing resources that have the desired names but not Tracefleet's ownership tags "
                + "(they are tagged, then managed). Default: false: such resources are reported as conflicts and "
                + "never touched.") Boolean adopt,
        Prune prune,
        @Doc("What happens to the application's resources when its spec is removed: retain (kept, shown as "
                + "orphaned) or delete. Default: retain.") OnDelete onDelete) {

    public enum OnDelete implements io.tracefleet.spec.model.WireName {
        RETAIN, DELETE
    }
}
