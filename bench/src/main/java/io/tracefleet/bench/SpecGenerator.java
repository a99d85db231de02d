package io.tracefleet.bench;

/**
 * One application of N services in the seed's shape (X-Ray daemon sidecar, default VPC, Tokyo). Up to
 * {@link #MAX_LOAD_BALANCED} services get a load balancer each, as the seed does; beyond that AWS's default quota
 * of 50 load balancers per region would not hold them, so until services can share one they run without.
 */
final class SpecGenerator {
    static final String APPLICATION = "bench";
    static final String REGION = "ap-northeast-1";
    static final int MAX_LOAD_BALANCED = 40;

    private SpecGenerator() {
    }

    static boolean loadBalanced(int services) {
        return services <= MAX_LOAD_BALANCED;
    }

    static String service(int i) {
        return String.format("s%04d", i);
    }

    /** @param editedService the one service whose desiredCount is 2 instead of 1, or -1 */
    static String spec(int services, int editedService) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: tracefleet.io/v1alpha1
                kind: TracedApplication
                metadata:
                  name: %s
                spec:
                  region: %s
                  network:
                    vpc: default
                    assignPublicIp: true
                    ingress:
                      - port: 80
                        cidr: 0.0.0.0/0
                  tracing:
                    sidecar: xray-daemon
                  services:
                """.formatted(APPLICATION, REGION));
        for (int i = 1; i <= services; i++) {
            yaml.append("""
                        %s:
                          image: public.ecr.aws/docker/library/nginx:1.27
                          port: 8080
                          cpu: 256
                          memory: 512
                          desiredCount: %d
                    """.formatted(service(i), i == editedService ? 2 : 1));
            if (loadBalanced(services)) {
                yaml.append("""
                              healthCheckPath: /health
                              loadBalancer:
                                port: 80
                        """);
            }
        }
        return yaml.toString();
    }
}
