package io.tracefleet.spec;

import io.tracefleet.spec.model.TracedApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Spec documents written to files for tests, loaded the way the controller loads them. */
public final class TestSpecs {
    public static final Path EXAMPLES = Path.of("..", "specs");
    public static final Path SEED_EXAMPLE = EXAMPLES.resolve("xray-demo.yaml");

    private TestSpecs() {
    }

    private static final String HEADER = """
            apiVersion: tracefleet.io/v1alpha1
            kind: TracedApplication
            metadata:
              name: shop
            spec:
              region: eu-west-1
              network:
                vpc: default
            """;

    /**
     * The head of a generated application in the seed's shape (default VPC with public IPs, port 80 open, the X-Ray
     * daemon as sidecar), up to where its load balancers and services follow; for the fault matrix's and the
     * bench's generated fleets.
     */
    public static String seedShapedHeader(String application, String region) {
        return """
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
                """.formatted(application, region);
    }

    public static String minimal(String services) {
        return HEADER + "  services:\n" + services.stripTrailing().indent(4);
    }

    /** The minimal application with shared load balancers ({@code spec.loadBalancers}) too. */
    public static String withLoadBalancers(String loadBalancers, String services) {
        return HEADER + "  loadBalancers:\n" + loadBalancers.stripTrailing().indent(4) + "  services:\n"
                + services.stripTrailing().indent(4);
    }

    public static SpecSet load(Path dir, String fileName, String yaml) {
        try {
            Path file = dir.resolve(fileName);
            Files.writeString(file, yaml);
            return new SpecLoader().load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The single application of a spec that must be valid; fails with every error otherwise. */
    public static TracedApplication valid(Path dir, String yaml) {
        SpecSet set = load(dir, "app.yaml", yaml);
        if (!set.isValid()) {
            throw new AssertionError("expected a valid spec, got:\n" + String.join("\n",
                    set.errors().stream().map(SpecError::format).toList()));
        }
        return set.validApplications().get(0);
    }

    public static TracedApplication seedExample() {
        SpecSet set = new SpecLoader().load(SEED_EXAMPLE);
        if (!set.isValid()) {
            throw new AssertionError("the example spec is invalid: " + set.errors());
        }
        return set.validApplications().get(0);
    }
}
