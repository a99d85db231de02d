package io.tracefleet.reconcile;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.ownership.OwnershipKeys;
import io.tracefleet.resources.CycleContext;
import io.tracefleet.resources.NetworkLookup;
import io.tracefleet.resources.Outputs;
import io.tracefleet.resources.PassMemo;
import io.tracefleet.resources.ResourceHandlers;

import java.time.Clock;

/**
 * One level-triggered cycle for one application: observe every desired resource afresh, diff its owned fields,
 * create or correct what differs, then prune what the application owns but no longer names. Nothing that can
 * change is remembered between cycles (the one thing kept, task definition revisions' immutable content, saves
 * reads and decides nothing); a restarted controller does exactly what this one would have done. Each cycle is an
 * {@link ApplicationCycle}, which holds the decisions.
 */
public final class ApplicationReconciler {
    /**
     * A resource whose tags cost a call each (log groups, task definition revisions) and that matches the spec is
     * Synced without reading them: nothing is written, so ownership decides nothing. The price: a look-alike that
     * is not ours, or one of ours whose tags were stripped, shows as Synced until a write is needed.
     */
    public static final String UNVERIFIED_OWNERSHIP = "matches the spec; ownership tags not read (no write needed)";
    public static final String UNPROVEN_REASON = "carries Tracefleet's tags but no ownership proof; never changed "
            + "or deleted (`seal` takes in resources an earlier version created)";

    private final AwsClients aws;
    private final ResourceHandlers handlers;
    private final OwnershipKeys keys;
    private final Clock clock;
    private final java.util.function.Supplier<PassMemo> pass;

    /** Each cycle on its own: it shares nothing with other cycles. */
    public ApplicationReconciler(AwsClients aws, ResourceHandlers handlers, OwnershipKeys keys, Clock clock) {
        this.aws = aws;
        this.handlers = handlers;
        this.keys = keys;
        this.clock = clock;
        this.pass = PassMemo::new;
    }

    /** A reconciler for one application's cycle in a pass whose cycles share {@code pass}. */
    public ApplicationReconciler(AwsClients aws, ResourceHandlers handlers, OwnershipKeys keys, Clock clock,
                                 PassMemo pass) {
        this.aws = aws;
        this.handlers = handlers;
        this.keys = keys;
        this.clock = clock;
        this.pass = () -> pass;
    }

    public CycleResult reconcile(DesiredState desired, ReconcileOptions options) {
        CycleContext context = new CycleContext(aws, desired, new Outputs(), new NetworkLookup(aws.ec2()), keys,
                pass.get());
        return new ApplicationCycle(context, options, handlers, clock).run();
    }

    /** The twin's name: the real one with a "-next" suffix, shortened to fit AWS's 32-character ELB limit. */
    static String twinName(String name) {
        String suffix = "-next";
        String base = name.length() + suffix.length() <= 32 ? name : name.substring(0, 32 - suffix.length());
        while (base.endsWith("-")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + suffix;
    }
}
