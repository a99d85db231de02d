package io.tracefleet.setup;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the controller sends its own traces (OTLP/HTTP); empty: OpenTelemetry's variables, or off. */
public class TracingSettings {
    private String otlpEndpoint = "";

    @JsonProperty
    public String getOtlpEndpoint() {
        return otlpEndpoint;
    }

    @JsonProperty
    public void setOtlpEndpoint(String otlpEndpoint) {
        this.otlpEndpoint = otlpEndpoint == null ? "" : otlpEndpoint;
    }
}
