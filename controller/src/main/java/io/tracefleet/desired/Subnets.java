package io.tracefleet.desired;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

/** Subnets by id; none listed means the default VPC's default subnets, looked up each cycle. */
public record Subnets(List<String> ids) {
    public static final Subnets DEFAULT = new Subnets(List.of());

    public Subnets {
        ids = List.copyOf(ids);
    }

    public boolean isDefault() {
        return ids.isEmpty();
    }

    @JsonValue
    public Object json() {
        return isDefault() ? "default" : ids;
    }

    @Override
    public String toString() {
        return isDefault() ? "the default subnets" : String.join(", ", ids);
    }
}
