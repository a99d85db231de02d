package io.tracefleet.desired;

import com.fasterxml.jackson.annotation.JsonValue;

/** A value known only once another resource exists: its ARN, id, DNS name. Resolved from observed state. */
public record Ref(LogicalId resource, Output output) {

    public static Ref arn(LogicalId resource) {
        return new Ref(resource, Output.ARN);
    }

    public static Ref id(LogicalId resource) {
        return new Ref(resource, Output.ID);
    }

    @JsonValue
    @Override
    public String toString() {
        return "${" + resource + "." + output.label() + "}";
    }
}
