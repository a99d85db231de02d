package io.tracefleet.desired;

import com.fasterxml.jackson.annotation.JsonValue;

/** A VPC by id, or the region's default VPC (looked up afresh each cycle, never created). */
public record Vpc(String id) {
    public static final Vpc DEFAULT = new Vpc("default");

    public boolean isDefault() {
        return "default".equals(id);
    }

    @JsonValue
    @Override
    public String toString() {
        return id;
    }
}
