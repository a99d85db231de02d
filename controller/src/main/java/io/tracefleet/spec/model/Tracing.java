package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;
import io.tracefleet.spec.model.Range;

public record Tracing(
        @Doc("The tracing sidecar in every task: xray-daemon (the AWS X-Ray daemon), adot (the AWS Distro for "
                + "OpenTelemetry collector, sending to X-Ray) or none. Default: xray-daemon.") Sidecar sidecar,
        @Doc("Sidecar image override.") String image,
        @Range(min = 0, max = 16384) @Doc("Sidecar CPU units. Default: 32.") Integer cpu,
        @Range(min = 6, max = 122880) @Doc("Sidecar memory reservation in MiB. Default: 256.")
        Integer memoryReservation) {

    /** AWS X-Ray developer guide, "X-Ray SDK and daemon end of support timeline". */
    public static final java.time.LocalDate XRAY_DAEMON_END_OF_SUPPORT = java.time.LocalDate.of(2027, 2, 25);

    public enum Sidecar implements io.tracefleet.spec.model.WireName {
        XRAY_DAEMON, ADOT, NONE
    }
}
