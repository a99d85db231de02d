package io.tracefleet.desired;

import java.util.List;

public record LoadBalancerProperties(String type, String scheme, Subnets subnets, List<Ref> securityGroups)
        implements ResourceProperties {

    public LoadBalancerProperties {
        securityGroups = List.copyOf(securityGroups);
    }

    @Override
    public List<String> describe() {
        return List.of(type + ", " + scheme, "subnets: " + subnets, "security groups: " + securityGroups);
    }
}
