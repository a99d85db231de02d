package io.tracefleet.resources;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.ownership.OwnershipKeys;

/**
 * What a handler needs during one reconcile cycle of one application. Built afresh for every cycle: nothing in
 * it outlives the cycle, so nothing can go stale.
 */
public record CycleContext(AwsClients aws, DesiredState desired, Outputs outputs, NetworkLookup network,
                           OwnershipKeys keys, CycleMemo memo, PassMemo pass) {

    /** A cycle on its own: nothing shared with other applications' cycles. */
    public CycleContext(AwsClients aws, DesiredState desired, Outputs outputs, NetworkLookup network,
                        OwnershipKeys keys) {
        this(aws, desired, outputs, network, keys, new CycleMemo(), new PassMemo());
    }

    /** A cycle of a pass over several applications, sharing {@code pass} with the others. */
    public CycleContext(AwsClients aws, DesiredState desired, Outputs outputs, NetworkLookup network,
                        OwnershipKeys keys, PassMemo pass) {
        this(aws, desired, outputs, network, keys, new CycleMemo(), pass);
    }

    /** Who owns what, for this application: the tags and proof to send, and whether what is found is ours. */
    public Ownership ownership() {
        return new Ownership(keys, region(), application());
    }

    public String application() {
        return desired.application();
    }

    public String region() {
        return desired.region();
    }
}
