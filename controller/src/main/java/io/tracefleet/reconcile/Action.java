package io.tracefleet.reconcile;

import io.tracefleet.diff.Drift;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;

import java.time.Instant;
import java.util.List;

/**
 * One change a cycle makes (or, in a plan, would make) to one resource.
 *
 * @param madeAt when the write was made; null for one only planned, or not (yet) made. A pass writes for minutes
 *               at times, so its end is not when each of its writes happened.
 */
public record Action(Verb verb, ResourceKind kind, LogicalId id, String physicalName, List<Drift> changes,
                     String note, Instant madeAt) {

    public enum Verb {
        CREATE("+"), UPDATE("~"), REPLACE("-/+"), DELETE("-"), ADOPT("&"),
        /** A deletion the cycle would make but holds: the spec has not settled, or it waits for confirmation. */
        HOLD("-?", "delete (held)");

        private final String symbol;
        private final String label;

        Verb(String symbol) {
            this.symbol = symbol;
            this.label = name().toLowerCase(java.util.Locale.ROOT);
        }

        Verb(String symbol, String label) {
            this.symbol = symbol;
            this.label = label;
        }

        public String symbol() {
            return symbol;
        }

        /** How the verb reads in a plan. */
        public String label() {
            return label;
        }
    }

    public Action {
        changes = List.copyOf(changes);
    }

    public Action(Verb verb, ResourceKind kind, LogicalId id, String physicalName, List<Drift> changes,
                  String note) {
        this(verb, kind, id, physicalName, changes, note, null);
    }

    /** This action, made at {@code at}. */
    public Action madeAt(Instant at) {
        return new Action(verb, kind, id, physicalName, changes, note, at);
    }

    public static Action of(Verb verb, ResourceKind kind, LogicalId id, String physicalName) {
        return new Action(verb, kind, id, physicalName, List.of(), null);
    }

    /** One line for the action, then one per changed field as {@code path: actual -> desired}. */
    public String describe() {
        StringBuilder line = new StringBuilder(String.format("%-3s %s %s (%s)", verb.symbol(),
                verb.label(), id, kind.label() + " " + physicalName));
        if (note != null) {
            line.append(": ").append(note);
        }
        for (Drift change : changes) {
            line.append("\n      ").append(change.path()).append(": ").append(change.actual()).append(" -> ")
                    .append(change.desired());
        }
        return line.toString();
    }
}
