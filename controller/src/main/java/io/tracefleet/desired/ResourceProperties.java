package io.tracefleet.desired;

import java.util.List;

/**
 * The properties of a resource that Tracefleet owns: exactly what it sets and compares. Whatever AWS adds or
 * defaults is not here, so it can never show up as drift.
 */
public sealed interface ResourceProperties
        permits ClusterProperties, RoleProperties, SecurityGroupProperties, LoadBalancerProperties,
        TargetGroupProperties, ListenerProperties, ListenerRuleProperties, LogGroupProperties, EcrRepositoryProperties,
        TaskDefinitionProperties, ServiceProperties {

    /** The properties as short human-readable lines, for {@code render} and plans. */
    List<String> describe();
}
