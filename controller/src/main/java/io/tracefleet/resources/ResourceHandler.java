package io.tracefleet.resources;

import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.diff.Delta;
import io.tracefleet.diff.HealthVerdict;

import java.util.List;
import java.util.Optional;

/**
 * Everything about one kind of AWS resource, in one class: how to observe it, how its owned fields look, and how to
 * create, update and delete it. The reconciler only ever goes through this contract.
 *
 * @param <V> the view: a record of the owned fields, the same type for desired and actual so they can be diffed
 */
public interface ResourceHandler<V extends Record> {

    ResourceKind kind();

    /** Reads the resource that has the desired one's name, afresh. Not found is an empty answer, not an error. */
    Optional<Observed<V>> observe(DesiredResource desired, CycleContext context);

    /**
     * The desired owned fields with every reference resolved through {@link CycleContext#outputs()}; throws
     * {@link Outputs.UnresolvedReference} while a dependency does not exist yet.
     */
    V desiredView(DesiredResource desired, CycleContext context);

    /**
     * Creates the resource with its ownership tags and proof ({@link Ownership#tagsFor}); returns it as observed
     * right after. Where the answer may be a resource that was already there (an idempotent create, or "already
     * exists" answered with what has the name), its tags are the ones AWS holds, never the ones sent: the
     * reconciler decides from them whether it is Tracefleet's.
     */
    Observed<V> create(DesiredResource desired, V view, CycleContext context);

    /**
     * Why the drifted fields cannot be changed in place (a target group's port, a load balancer's scheme), or empty
     * when {@link #update} can do it. Asked before any write, so a plan shows a replacement as one.
     */
    default Optional<String> replacementReason(Delta delta) {
        return Optional.empty();
    }

    /**
     * Brings an owned resource to the desired view. Only called with a non-empty delta that needs no replacement, so
     * a kind whose view has no field (nothing of it can drift) needs none.
     */
    default Observed<V> update(DesiredResource desired, V view, Observed<V> actual, Delta delta,
                               CycleContext context) {
        throw new IllegalStateException("no field of a " + kind().label() + " can drift, yet " + delta.paths()
                + " did");
    }

    /**
     * The observation with its tags read afresh, for kinds whose {@link #observe} may leave them unread
     * ({@link Observed#tagsRead()}). Called before anything that writes the resource or depends on who owns it.
     */
    default Observed<V> readTags(Observed<V> actual, CycleContext context) {
        return actual;
    }

    /** Adds the ownership tags to an existing resource the spec adopts. */
    void tag(DesiredResource desired, Observed<V> actual, CycleContext context);

    /** Deletes an owned resource; a resource already gone is success. */
    void delete(Observed<V> actual, CycleContext context);

    /**
     * Whether an existing resource is working, and why. Most kinds are healthy once they exist; those with a life
     * of their own (a load balancer still provisioning, a service whose tasks do not run) say more.
     */
    default HealthVerdict health(Observed<V> actual) {
        return HealthVerdict.HEALTHY;
    }

    /**
     * Every resource of this kind that carries the application's ownership tags: candidates for pruning, each
     * deleted only if its proof holds ({@link Ownership#proves}).
     */
    List<Observed<V>> listOwned(CycleContext context);

    /**
     * Resources of this kind that are someone else's but sit on something provably the application's (a rule on
     * its listener): reported so they are seen, never changed or deleted.
     */
    default List<Observed<V>> listForeign(CycleContext context) {
        return List.of();
    }

    /**
     * Thrown when AWS accepted a create but does not show the resource yet (eventual consistency); the next pass,
     * soon, will see it.
     */
    final class NotVisibleYet extends RuntimeException {
        public NotVisibleYet(String message) {
            super(message, null, false, false);
        }
    }
}
