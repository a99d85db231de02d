package io.tracefleet.resources;

/**
 * When a pass reads the load balancer's verdict on a service's tasks. AWS has no batch form of
 * DescribeTargetHealth and counts it in the ELBv2 describe bucket (10 a second, account-wide), so at a thousand
 * services reading it every pass is what sets the shortest resync the budget allows.
 */
public enum TargetHealthReads {
    /** Every pass, for every running service behind a target group. */
    ALWAYS,
    /**
     * Only for a service that is not settled (fewer tasks than desired, a second deployment, a failed rollout).
     * ECS itself stops a task that fails the load balancer's checks, so a settled service whose targets fail
     * does not stay settled for long; the price is seeing it a pass or two later.
     */
    UNSETTLED,
    /** Never: health from ECS's counts and rollout state alone. */
    NEVER;

    boolean reads(EcsServiceHandler.View service) {
        EcsServiceHandler.Rollout rollout = service.rollout();
        if (this == NEVER || rollout == null || rollout.runningCount() == 0 || service.loadBalancers() == null
                || service.loadBalancers().isEmpty()) {
            return false;
        }
        boolean settled = !rollout.failed() && rollout.deployments() <= 1
                && service.desiredCount() != null && rollout.runningCount() == service.desiredCount();
        return this == ALWAYS || !settled;
    }
}
