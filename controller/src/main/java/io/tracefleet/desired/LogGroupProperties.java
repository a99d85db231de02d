package io.tracefleet.desired;

import java.util.List;

/** A log group; a null retention means the spec does not manage it (AWS keeps logs forever). */
public record LogGroupProperties(Integer retentionDays) implements ResourceProperties {
    @Override
    public List<String> describe() {
        return List.of("retention: " + (retentionDays == null ? "not managed" : retentionDays + " days"));
    }
}
