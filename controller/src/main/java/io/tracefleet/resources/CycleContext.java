package io.tracefleet.resources;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredState;

/**
 * What a handler needs during one reconcile cycle of one application. Built afresh for every cycle: nothing in
 * it outlives the cycle, so nothing can go stale.
 */
public record CycleContext(AwsClients aws, DesiredState desired, Outputs outputs, NetworkLookup network,
                           CycleMemo memo) {

    public CycleContext(AwsClients aws, DesiredState desired, Outputs outputs, NetworkLookup network) {
        this(aws, desired, outputs, network, new CycleMemo());
    }

    public String application() {
        return desired.application();
    }

    public String region() {
        return desired.region();
    }
}
