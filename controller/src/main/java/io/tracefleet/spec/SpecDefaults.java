package io.tracefleet.spec;

import io.tracefleet.spec.model.ApplicationSpec;
import io.tracefleet.spec.model.Deployment;
import io.tracefleet.spec.model.LoadBalancer;
import io.tracefleet.spec.model.Network;
import io.tracefleet.spec.model.Roles;
import io.tracefleet.spec.model.Service;
import io.tracefleet.spec.model.SharedLoadBalancer;
import io.tracefleet.spec.model.Tracing;

import java.util.Objects;

/**
 * The value of every optional field when the spec leaves it out, including the AWS names derived from the
 * application and service names. The validator checks derived names with the same functions the desired state
 * uses, so a name that would be too long is reported before anything is created.
 */
public final class SpecDefaults {
    public static final int CPU = 256;
    public static final int MEMORY = 512;
    public static final int DESIRED_COUNT = 1;
    public static final String HEALTH_CHECK_PATH = "/";
    public static final int LISTENER_PORT = 80;
    public static final int MINIMUM_HEALTHY_PERCENT = 100;
    public static final int MAXIMUM_PERCENT = 200;
    public static final int SIDECAR_CPU = 32;
    public static final int SIDECAR_MEMORY_RESERVATION = 256;

    private SpecDefaults() {
    }

    public static String cluster(String application, ApplicationSpec spec) {
        return Objects.requireNonNullElse(spec.cluster(), application);
    }

    public static String securityGroupName(String application, Network network) {
        return network != null && network.securityGroupName() != null
                ? network.securityGroupName() : application + "-sg";
    }

    public static String taskRoleName(String application, Roles roles) {
        return roles != null && roles.taskRole() != null ? roles.taskRole() : application + "-task-role";
    }

    public static String executionRoleName(String application, Roles roles) {
        return roles != null && roles.executionRole() != null ? roles.executionRole() : application + "-execution-role";
    }

    /** The task role's inline policy granting X-Ray writes. */
    public static String taskPolicyName(String application) {
        return application + "-task-policy";
    }

    public static Tracing.Sidecar sidecar(Tracing tracing) {
        return tracing != null && tracing.sidecar() != null ? tracing.sidecar() : Tracing.Sidecar.XRAY_DAEMON;
    }

    public static String loadBalancerName(String application, String service, LoadBalancer lb) {
        return lb.name() != null ? lb.name() : application + "-" + service + "-alb";
    }

    public static String targetGroupName(String application, String service, LoadBalancer lb) {
        return lb.targetGroupName() != null ? lb.targetGroupName() : application + "-" + service + "-tg";
    }

    public static String sharedLoadBalancerName(String application, String key, SharedLoadBalancer lb) {
        return lb.name() != null ? lb.name() : application + "-" + key + "-alb";
    }

    public static int listenerPort(SharedLoadBalancer lb) {
        return lb.port() != null ? lb.port() : LISTENER_PORT;
    }

    public static LoadBalancer.Scheme scheme(SharedLoadBalancer lb) {
        return lb.scheme() != null ? lb.scheme() : LoadBalancer.Scheme.INTERNET_FACING;
    }

    public static int listenerPort(LoadBalancer lb) {
        return lb.port() != null ? lb.port() : LISTENER_PORT;
    }

    public static LoadBalancer.Scheme scheme(LoadBalancer lb) {
        return lb.scheme() != null ? lb.scheme() : LoadBalancer.Scheme.INTERNET_FACING;
    }

    public static String taskFamily(String service, Service spec) {
        return spec.taskFamily() != null ? spec.taskFamily() : service;
    }

    public static String logGroup(String service, Service spec) {
        return spec.logGroup() != null ? spec.logGroup() : "/ecs/" + taskFamily(service, spec);
    }

    public static int cpu(Service spec) {
        return spec.cpu() != null ? spec.cpu() : CPU;
    }

    public static int memory(Service spec) {
        return spec.memory() != null ? spec.memory() : MEMORY;
    }

    public static int desiredCount(Service spec) {
        return spec.desiredCount() != null ? spec.desiredCount() : DESIRED_COUNT;
    }

    public static String healthCheckPath(Service spec) {
        return spec.healthCheckPath() != null ? spec.healthCheckPath() : HEALTH_CHECK_PATH;
    }

    public static int minimumHealthyPercent(Deployment deployment) {
        return deployment != null && deployment.minimumHealthyPercent() != null
                ? deployment.minimumHealthyPercent() : MINIMUM_HEALTHY_PERCENT;
    }

    public static int maximumPercent(Deployment deployment) {
        return deployment != null && deployment.maximumPercent() != null
                ? deployment.maximumPercent() : MAXIMUM_PERCENT;
    }

    public static boolean circuitBreaker(Deployment deployment) {
        return deployment != null && Boolean.TRUE.equals(deployment.circuitBreaker());
    }

    public static boolean assignPublicIp(Network network) {
        return network != null && Boolean.TRUE.equals(network.assignPublicIp());
    }

    public static int sidecarCpu(Tracing tracing) {
        return tracing != null && tracing.cpu() != null ? tracing.cpu() : SIDECAR_CPU;
    }

    public static int sidecarMemoryReservation(Tracing tracing) {
        return tracing != null && tracing.memoryReservation() != null
                ? tracing.memoryReservation() : SIDECAR_MEMORY_RESERVATION;
    }
}
