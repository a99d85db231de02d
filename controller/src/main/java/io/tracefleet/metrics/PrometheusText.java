package io.tracefleet.metrics;

import io.tracefleet.aws.AwsCallLog;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.aws.AwsOperation;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.diff.Health;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.status.StatusStore;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The controller's figures in Prometheus's text exposition format (version 0.0.4), rendered on each scrape from
 * the call log and the status store, so nothing is counted twice and nothing can drift from what /status says.
 */
public final class PrometheusText {
    private final AwsCallLog calls;
    private final StatusStore status;

    private final java.util.function.Supplier<java.util.Optional<io.tracefleet.reconcile.LeaseReport>> leases;

    public PrometheusText(AwsCallLog calls, StatusStore status) {
        this(calls, status, java.util.Optional::empty);
    }

    public PrometheusText(AwsCallLog calls, StatusStore status,
                          java.util.function.Supplier<java.util.Optional<io.tracefleet.reconcile.LeaseReport>> leases) {
        this.calls = calls;
        this.status = status;
        this.leases = leases;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        awsCalls(out);
        passes(out);
        resources(out);
        leases(out);
        return out.toString();
    }

    private void leases(StringBuilder out) {
        leases.get().filter(io.tracefleet.reconcile.LeaseReport::elected).ifPresent(report -> {
            header(out, "tracefleet_lease_held", "gauge", "1 for each lease (shard) this controller holds");
            report.shards().forEach(shard -> sample(out, "tracefleet_lease_held", shard.mine() ? 1 : 0, "lease",
                    shard.key()));
            header(out, "tracefleet_lease_changes_total", "counter", "leases taken, lost (not renewed in time) "
                    + "and released by this controller");
            sample(out, "tracefleet_lease_changes_total", report.gained(), "change", "gained");
            sample(out, "tracefleet_lease_changes_total", report.lost(), "change", "lost");
            sample(out, "tracefleet_lease_changes_total", report.released(), "change", "released");
            header(out, "tracefleet_live_controllers", "gauge", "controllers seen renewing their heartbeat");
            sample(out, "tracefleet_live_controllers", report.liveControllers().size());
        });
    }

    private void awsCalls(StringBuilder out) {
        header(out, "tracefleet_aws_calls_total", "counter", "AWS operations invoked, by final outcome");
        Map<AwsOperation, Long> callsByOperation = new LinkedHashMap<>();
        Map<AwsOperation, Long> throttledByOperation = new LinkedHashMap<>();
        calls.counts().forEach((key, n) -> {
            AwsOperation operation = key.operation();
            sample(out, "tracefleet_aws_calls_total", n, "service", operation.service().iamPrefix(), "operation",
                    operation.name(), "outcome", key.outcome(), "access",
                    operation.access().name().toLowerCase(java.util.Locale.ROOT));
            callsByOperation.merge(operation, n, Long::sum);
            if (AwsErrors.isThrottling(operation.service(), key.outcome())) {
                throttledByOperation.merge(operation, n, Long::sum);
            }
        });
        header(out, "tracefleet_aws_retries_total", "counter", "HTTP attempts beyond the first, made by the SDK");
        calls.attempts().forEach((operation, attempts) -> sample(out, "tracefleet_aws_retries_total",
                Math.max(0, attempts - callsByOperation.getOrDefault(operation, 0L)), "service",
                operation.service().iamPrefix(), "operation", operation.name()));
        header(out, "tracefleet_aws_throttled_total", "counter", "AWS operations that ended throttled");
        throttledByOperation.forEach((operation, n) -> sample(out, "tracefleet_aws_throttled_total", n, "service",
                operation.service().iamPrefix(), "operation", operation.name()));
    }

    private void passes(StringBuilder out) {
        header(out, "tracefleet_pass_duration_seconds", "gauge", "how long the last pass over every application took");
        status.lastPassDuration().ifPresent(d -> sample(out, "tracefleet_pass_duration_seconds",
                d.toMillis() / 1000.0));
        header(out, "tracefleet_cycle_duration_seconds", "gauge", "how long each application's last cycle took");
        for (CycleResult result : status.all()) {
            sample(out, "tracefleet_cycle_duration_seconds", result.duration().toMillis() / 1000.0, "application",
                    result.application());
        }
    }

    private void resources(StringBuilder out) {
        header(out, "tracefleet_resources", "gauge", "resources by sync and health state, as last observed");
        header(out, "tracefleet_drift_resources", "gauge", "resources that do not match their spec");
        StringBuilder drift = new StringBuilder();
        for (CycleResult result : status.all()) {
            Map<SyncState, Map<Health, Integer>> counts = new EnumMap<>(SyncState.class);
            int drifted = 0;
            for (ResourceStatus resource : result.resources()) {
                counts.computeIfAbsent(resource.sync(), s -> new EnumMap<>(Health.class))
                        .merge(resource.health(), 1, Integer::sum);
                if (!resource.isSettled()) {
                    drifted++;
                }
            }
            counts.forEach((sync, byHealth) -> byHealth.forEach((health, n) -> sample(out, "tracefleet_resources", n,
                    "application", result.application(), "sync", lower(sync), "health", lower(health))));
            sample(drift, "tracefleet_drift_resources", drifted, "application", result.application());
        }
        out.append(drift);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escape(labels[i + 1]))
                        .append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value))
                .append('\n');
    }

    /** Label values escape backslash, double quote and newline, per the exposition format. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
