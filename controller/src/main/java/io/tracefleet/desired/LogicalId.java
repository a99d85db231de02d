package io.tracefleet.desired;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A resource's stable name inside its application, e.g. {@code service-b/target-group}. It survives renames of
 * the physical resource and is written into the {@code tracefleet.io/resource} tag.
 */
public record LogicalId(String value) implements Comparable<LogicalId> {

    public static LogicalId of(String value) {
        return new LogicalId(value);
    }

    public static LogicalId ofService(String service, String part) {
        return new LogicalId(service + "/" + part);
    }

    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public int compareTo(LogicalId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
