package io.tracefleet.desired;

import java.util.List;

public record TargetGroupProperties(String protocol, int port, String targetType, Vpc vpc, String healthCheckPath)
        implements ResourceProperties {

    @Override
    public List<String> describe() {
        return List.of(protocol + " " + port + ", target type " + targetType + ", vpc " + vpc,
                "health check: " + healthCheckPath);
    }
}
