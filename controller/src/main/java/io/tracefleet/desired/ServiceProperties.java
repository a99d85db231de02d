package io.tracefleet.desired;

import java.util.ArrayList;
import java.util.List;

/** An ECS service on Fargate, optionally registered with a target group. */
public record ServiceProperties(
        Ref cluster,
        Ref taskDefinition,
        String launchType,
        int desiredCount,
        Deployment deployment,
        Subnets subnets,
        List<Ref> securityGroups,
        boolean assignPublicIp,
        List<LoadBalancerBinding> loadBalancers) implements ResourceProperties {

    public ServiceProperties {
        securityGroups = List.copyOf(securityGroups);
        loadBalancers = List.copyOf(loadBalancers);
    }

    public record Deployment(int maximumPercent, int minimumHealthyPercent, boolean circuitBreaker) {
        @Override
        public String toString() {
            return "max " + maximumPercent + " %, min healthy " + minimumHealthyPercent + " %, circuit breaker "
                    + (circuitBreaker ? "on (rollback)" : "off");
        }
    }

    public record LoadBalancerBinding(Ref targetGroup, String containerName, int containerPort) {
        @Override
        public String toString() {
            return targetGroup + " -> " + containerName + ":" + containerPort;
        }
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add(launchType + " on " + cluster + ", task definition " + taskDefinition + ", desired count "
                + desiredCount);
        lines.add("deployment: " + deployment);
        lines.add("network: " + subnets + ", security groups " + securityGroups + ", public IP "
                + (assignPublicIp ? "ENABLED" : "DISABLED"));
        loadBalancers.forEach(lb -> lines.add("load balancer: " + lb));
        return lines;
    }
}
