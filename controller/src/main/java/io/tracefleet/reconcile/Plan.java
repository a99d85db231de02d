package io.tracefleet.reconcile;

import java.util.List;

/** The actions of one cycle for one application, printable as text a person reads like a diff. */
public record Plan(String application, List<Action> actions) {

    public Plan {
        actions = List.copyOf(actions);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    public String toText() {
        if (actions.isEmpty()) {
            return application + ": no changes; AWS matches the spec\n";
        }
        StringBuilder out = new StringBuilder(application + ": " + actions.size()
                + (actions.size() == 1 ? " change" : " changes") + "\n");
        actions.forEach(action -> out.append("  ").append(action.describe().replace("\n", "\n  ")).append('\n'));
        return out.toString();
    }
}
