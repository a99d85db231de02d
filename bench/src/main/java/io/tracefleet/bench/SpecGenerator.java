package io.tracefleet.bench;

import io.tracefleet.spec.TestSpecs;

/**
 * One application of N services in the seed's shape (X-Ray daemon sidecar, default VPC, Tokyo). Up to
 * {@link #MAX_OWN_LOAD_BALANCERS} services get a load balancer each, as the seed does; beyond that AWS's default
 * quota of 50 load balancers per region would not hold them, so they share load balancers of
 * {@link #SERVICES_PER_SHARED} services each (AWS's default quota of rules per load balancer), one path each.
 */
final class SpecGenerator {
    static final String APPLICATION = "bench";
    static final String REGION = "ap-northeast-1";
    static final int MAX_OWN_LOAD_BALANCERS = 40;
    static final int SERVICES_PER_SHARED = 100;

    private SpecGenerator() {
    }

    /** Whether each service has a load balancer of its own (else they share). */
    static boolean ownLoadBalancers(int services) {
        return services <= MAX_OWN_LOAD_BALANCERS;
    }

    static String sharedLoadBalancer(int service) {
        return String.format("edge%02d", (service - 1) / SERVICES_PER_SHARED + 1);
    }

    static String service(int i) {
        return String.format("s%04d", i);
    }

    /** @param editedService the one service whose desiredCount is 2 instead of 1, or -1 */
    static String spec(int services, int editedService) {
        StringBuilder yaml = new StringBuilder(TestSpecs.seedShapedHeader(APPLICATION, REGION));
        if (!ownLoadBalancers(services)) {
            yaml.append("  loadBalancers:\n");
            for (int i = 1; i <= services; i += SERVICES_PER_SHARED) {
                yaml.append("    ").append(sharedLoadBalancer(i)).append(":\n      port: 80\n");
            }
        }
        yaml.append("  services:\n");
        for (int i = 1; i <= services; i++) {
            yaml.append("""
                        %s:
                          image: public.ecr.aws/docker/library/nginx:1.27
                          port: 8080
                          cpu: 256
                          memory: 512
                          desiredCount: %d
                    """.formatted(service(i), i == editedService ? 2 : 1));
            yaml.append("      healthCheckPath: /health\n      loadBalancer:\n");
            if (ownLoadBalancers(services)) {
                yaml.append("        port: 80\n");
            } else {
                yaml.append("        shared: ").append(sharedLoadBalancer(i)).append("\n        paths: [/")
                        .append(service(i)).append("/*]\n");
            }
        }
        return yaml.toString();
    }
}
