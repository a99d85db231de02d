package io.tracefleet.status;

import java.time.Instant;

/**
 * One thing that happened, like a {@code kubectl get events} line: an action applied, an error, or a spec file that
 * turned invalid (its last valid version stays in force) or valid again.
 */
public record Event(long sequence, Instant time, Type type, String application, String resource, String reason,
                    String message) {

    public enum Type { ACTION, ERROR, SPEC }
}
