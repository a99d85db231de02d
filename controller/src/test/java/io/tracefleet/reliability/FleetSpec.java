package io.tracefleet.reliability;

import io.tracefleet.spec.TestSpecs;

/**
 * A generated application of N services on shared load balancers of ten services each (one path rule per
 * service), the shape the bench uses past a few dozen services; every fifth service has an ECR repository and
 * a log retention, so every resource kind appears.
 */
final class FleetSpec {
    static final int PER_LOAD_BALANCER = 10;

    private FleetSpec() {
    }

    static String yaml(String application, int services) {
        StringBuilder yaml = new StringBuilder(TestSpecs.seedShapedHeader(application, "ap-northeast-1"))
                .append("  loadBalancers:\n");
        for (int i = 0; i < services; i += PER_LOAD_BALANCER) {
            yaml.append("    ").append(edge(i)).append(":\n      port: 80\n");
        }
        yaml.append("  services:\n");
        for (int i = 0; i < services; i++) {
            String name = String.format("s%02d", i + 1);
            yaml.append("    ").append(name).append(":\n");
            if (i % 5 == 0) {
                yaml.append("      ecrRepository: ").append(application).append("-").append(name).append('\n')
                        .append("      image: ${services.").append(name).append(".repository}:latest\n")
                        .append("      logRetentionDays: 14\n");
            } else {
                yaml.append("      image: public.ecr.aws/docker/library/nginx:1.27\n");
            }
            yaml.append("""
                          port: 8080
                          desiredCount: 1
                          healthCheckPath: /health
                          loadBalancer:
                            shared: %s
                            paths: [/%s/*]
                    """.formatted(edge(i), name));
        }
        return yaml.toString();
    }

    private static String edge(int service) {
        return "edge" + (service / PER_LOAD_BALANCER + 1);
    }
}
