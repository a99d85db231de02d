package io.tracefleet.reconcile;

/**
 * How a cycle's changes read in the log: one header that says whether they were made, then one line a change with
 * its mark, so that a change only observed (paused, {@code selfHeal: false}) never reads like one applied.
 */
final class ChangeLog {
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC);
    private ChangeLog() {
    }

    /** An applying cycle's changes: each marked applied (with when), held, or not made (it failed or was not ours). */
    static String applied(Plan plan) {
        StringBuilder out = new StringBuilder(plan.application() + ": " + count(plan) + ", applying:");
        for (Action action : plan.actions()) {
            String mark = action.madeAt() != null ? "applied " + TIME.format(action.madeAt())
                    : action.verb() == Action.Verb.HOLD ? "held" : "not made, see its status";
            out.append("\n  [").append(mark).append("] ").append(indented(action));
        }
        return out.toString();
    }

    /** An observing cycle's changes: none was made, and the header says why. */
    static String observedOnly(Plan plan, String why) {
        StringBuilder out = new StringBuilder(plan.application() + ": " + count(plan) + " found, observed only, "
                + "nothing changed (" + why + "):");
        for (Action action : plan.actions()) {
            out.append("\n  [observed only] ").append(indented(action));
        }
        return out.toString();
    }

    private static String indented(Action action) {
        return action.describe().replace("\n", "\n  ");
    }

    private static String count(Plan plan) {
        int n = plan.actions().size();
        return n + (n == 1 ? " change" : " changes");
    }
}
