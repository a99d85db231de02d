package io.tracefleet.status;

import io.tracefleet.reconcile.CycleResult;

import java.util.List;

/**
 * What the controller last saw of one application: the cycle's result, the spec generation it ran for, and the
 * conditions derived from it.
 */
public record ApplicationState(CycleResult result, String generation, List<Condition> conditions) {

    public ApplicationState {
        conditions = List.copyOf(conditions);
    }
}
