package io.tracefleet.spec.model;

import io.tracefleet.spec.Doc;
import io.tracefleet.spec.NameRule;
import io.tracefleet.spec.Named;
import io.tracefleet.spec.Required;

import java.util.Map;

public record ApplicationSpec(
        @Required @Named(NameRule.REGION) @Doc("AWS region of every resource, e.g. ap-northeast-1.") String region,
        @Named(NameRule.CLUSTER_NAME) @Doc("ECS cluster name. Default: the application's name.") String cluster,
        @Required Network network,
        Roles roles,
        Tracing tracing,
        @Required @Doc("The Fargate services, by name. A name is used for the ECS service, the task definition "
                + "family and the container unless overridden.") Map<@Named(NameRule.SERVICE_NAME) String, Service> services) {
}
