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
    /**
     * Pinned, never {@code :latest}: a moving tag changes what a task runs at its next start without any change to
     * the task definition, so Tracefleet could neither see that drift nor make the change a planned rollout. A new
     * collector version is a new value here, hence a new revision and a rolling update like any other edit.
     */
    public static final String ADOT_VERSION = "v0.50.0";
    public static final String ADOT_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:" + ADOT_VERSION;
    /** Containers of a task share localhost on awsvpc, so the sidecar is always here. */
    public static final String DAEMON_ADDRESS = "127.0.0.1:2000";
    public static final String OTLP_GRPC_ENDPOINT = "http://127.0.0.1:4317";

    /**
     * Every action of AWS's AWSXRayDaemonWriteAccess, for either sidecar: the daemon and the collector's awsxray
     * exporter upload segments and telemetry records, and both forward the X-Ray SDK's centralized sampling calls
     * (the daemon itself, the collector through its awsxray receiver's proxy) signed with the task role. Being the
     * same for both is what keeps a switch between them to task definitions and services alone.
     */
    public static final List<String> XRAY_WRITE_ACTIONS = List.of(
            "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
            "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries");

    /** The collector image's own probe: it asks the health_check extension on 127.0.0.1:13133. */
    static final ContainerDefinition.HealthCheck ADOT_HEALTH_CHECK =
            new ContainerDefinition.HealthCheck(List.of("CMD", "/healthcheck"), 5, 6, 5, 1);

    private TracingSidecars() {
    }

    /**
     * The collector's config, given inline: its built-in ECS X-Ray config receives only OTLP, while services on the
     * X-Ray SDK send UDP segments to port 2000, so both receivers are here. Every listener is on 127.0.0.1: only the
     * task's own containers send to its sidecar, not whatever else the security group lets in. The region is
     * explicit in the exporter and the sampling proxy, so traces go to the spec's region whatever the task's
     * environment says.
     */
    static String adotConfig(String region) {
        return String.join("\n",
                "extensions:",
                "  health_check:",
                "    endpoint: 127.0.0.1:13133",
                "receivers:",
                "  otlp:",
                "    protocols:",
                "      grpc:",
                "        endpoint: 127.0.0.1:4317",
                "      http:",
                "        endpoint: 127.0.0.1:4318",
                "  awsxray:",
                "    endpoint: 127.0.0.1:2000",
                "    transport: udp",
                "    proxy_server:",
                "      endpoint: 127.0.0.1:2000",
                "      region: " + region,
                "processors:",
                "  batch/traces:",
                "    timeout: 1s",
                "    send_batch_size: 50",
                "exporters:",
                "  awsxray:",
                "    region: " + region,
                "service:",
                "  extensions: [health_check]",
                "  pipelines:",
                "    traces:",
                "      receivers: [otlp, awsxray]",
                "      processors: [batch/traces]",
                "      exporters: [awsxray]",
                "");
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
                env.put("AOT_CONFIG_CONTENT", Template.literal(adotConfig(region)));
                env.put("AWS_REGION", Template.literal(region));
                yield Optional.of(new ContainerDefinition("aws-otel-collector",
                        Template.literal(imageOverride != null ? imageOverride : ADOT_IMAGE), true, cpu, memory,
                        List.of(new ContainerDefinition.PortMapping(4317, "tcp"),
                                new ContainerDefinition.PortMapping(4318, "tcp"),
                                new ContainerDefinition.PortMapping(2000, "udp")),
                        env, Map.of(), null, logs, ADOT_HEALTH_CHECK));
            }
        };
    }

    /**
     * What the service container needs to find the sidecar; the spec's own env wins where it sets the same. With
     * the collector, the OTLP protocol is named as well as the endpoint: SDKs differ in their default (gRPC or
     * HTTP), and the wrong one on 4317 sends nothing.
     */
    public static Map<String, Template> serviceEnvironment(Tracing tracing, String service) {
        return switch (SpecDefaults.sidecar(tracing)) {
            case NONE -> Map.of();
            case XRAY_DAEMON -> Map.of("AWS_XRAY_DAEMON_ADDRESS", Template.literal(DAEMON_ADDRESS));
            case ADOT -> Map.of("AWS_XRAY_DAEMON_ADDRESS", Template.literal(DAEMON_ADDRESS),
                    "OTEL_EXPORTER_OTLP_ENDPOINT", Template.literal(OTLP_GRPC_ENDPOINT),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", Template.literal("grpc"),
                    "OTEL_SERVICE_NAME", Template.literal(service));
        };
    }
}
