package io.tracefleet.status;

import java.time.Instant;

/** One thing that happened, like a {@code kubectl get events} line: an action applied, or an error. */
public record Event(long sequence, Instant time, Type type, String application, String resource, String reason,
                    String message) {

    public enum Type { ACTION, ERROR }
}
