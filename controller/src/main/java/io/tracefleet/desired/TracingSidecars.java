package io.tracefleet.desired;

import io.tracefleet.spec.SpecDefaults;
import io.tracefleet.spec.model.Tracing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tracing sidecar container of every task, and the env its service container needs to reach it. */
public final class TracingSidecars {
    public static final String XRAY_DAEMON_IMAGE = "amazon/aws-xray-daemon";
    public static final String ADOT_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:latest";
    /** Containers of a task share localhost on awsvpc, so the sidecar is always here. */
    public static final String DAEMON_ADDRESS = "127.0.0.1:2000";

    /**
     * The collector's own ECS X-Ray config only receives OTLP; services instrumented with the X-Ray SDK send UDP
     * segments to port 2000, so the config is given inline with both receivers.
     */
    static final String ADOT_CONFIG = String.join("\n",
            "extensions:",
            "  health_check:",
            "receivers:",
            "  otlp:",
            "    protocols:",
            "      grpc:",
            "        endpoint: 0.0.0.0:4317",
            "      http:",
            "        endpoint: 0.0.0.0:4318",
            "  awsxray:",
            "    endpoint: 0.0.0.0:2000",
            "    transport: udp",
            "processors:",
            "  batch/traces:",
            "    timeout: 1s",
            "    send_batch_size: 50",
            "exporters:",
            "  awsxray:",
            "service:",
            "  extensions: [health_check]",
            "  pipelines:",
            "    traces:",
            "      receivers: [otlp, awsxray]",
            "      processors: [batch/traces]",
            "      exporters: [awsxray]",
            "");

    private TracingSidecars() {
    }

    public static Optional<ContainerDefinition> sidecar(Tracing tracing, String region,
                                                        ContainerDefinition.LogConfiguration logs) {
        Tracing.Sidecar kind = SpecDefaults.sidecar(tracing);
        String imageOverride = tracing == null ? null : tracing.image();
        int cpu = SpecDefaults.sidecarCpu(tracing);
        int memory = SpecDefaults.sidecarMemoryReservation(tracing);
        return switch (kind) {
            case NONE -> Optional.empty();
            case XRAY_DAEMON -> Optional.of(new ContainerDefinition("xray-daemon",
                    Template.literal(imageOverride != null ? imageOverride : XRAY_DAEMON_IMAGE), true, cpu, memory,
                    List.of(new ContainerDefinition.PortMapping(2000, "udp")),
                    Map.of("AWS_REGION", Template.literal(region)), null, logs));
            case ADOT -> {
                Map<String, Template> env = new LinkedHashMap<>();
                env.put("AOT_CONFIG_CONTENT", Template.literal(ADOT_CONFIG));
                env.put("AWS_REGION", Template.literal(region));
                yield Optional.of(new ContainerDefinition("aws-otel-collector",
                        Template.literal(imageOverride != null ? imageOverride : ADOT_IMAGE), true, cpu, memory,
                        List.of(new ContainerDefinition.PortMapping(4317, "tcp"),
                                new ContainerDefinition.PortMapping(4318, "tcp"),
                                new ContainerDefinition.PortMapping(2000, "udp")),
                        env, null, logs));
            }
        };
    }

    /** What the service container needs to find the sidecar; the spec's own env wins where it sets the same. */
    public static Map<String, Template> serviceEnvironment(Tracing tracing) {
        return switch (SpecDefaults.sidecar(tracing)) {
            case NONE -> Map.of();
            case XRAY_DAEMON -> Map.of("AWS_XRAY_DAEMON_ADDRESS", Template.literal(DAEMON_ADDRESS));
            case ADOT -> Map.of("AWS_XRAY_DAEMON_ADDRESS", Template.literal(DAEMON_ADDRESS),
                    "OTEL_EXPORTER_OTLP_ENDPOINT", Template.literal("http://127.0.0.1:4317"));
        };
    }
}
