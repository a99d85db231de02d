package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;

public record Prune(
        @Doc("Also delete log groups the spec no longer names. Logs are data, so by default they are kept and shown "
                + "as orphaned. Default: false.") Boolean logGroups) {
}
