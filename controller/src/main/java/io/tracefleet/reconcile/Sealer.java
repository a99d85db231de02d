package io.tracefleet.reconcile;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.ownership.OwnershipKeys;
import io.tracefleet.resources.CycleContext;
import io.tracefleet.resources.NetworkLookup;
import io.tracefleet.resources.Observed;
import io.tracefleet.resources.Outputs;
import io.tracefleet.resources.Ownership;
import io.tracefleet.resources.ResourceHandler;
import io.tracefleet.resources.ResourceHandlers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes in what an earlier version of Tracefleet created, before resources carried an ownership proof: each
 * resource the spec names that carries all three of the application's ownership tags, for exactly that resource,
 * gets the proof. Nothing else is ever sealed, and everything is said: what was sealed, and what was refused and
 * why. It is the one deliberate way for tags alone to become ownership, so a person runs it, never a pass.
 */
public final class Sealer {
    public enum Outcome { SEALED, WOULD_SEAL, RESEALED, WOULD_RESEAL, ALREADY_PROVEN, REFUSED, NOT_FOUND, FAILED }

    public record Seal(ResourceKind kind, LogicalId id, String physicalName, Outcome outcome, String reason) {
        public String describe() {
            String verb = outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            return verb + " " + kind.label() + " " + id + " (" + physicalName + ")"
                    + (reason == null ? "" : ": " + reason);
        }
    }

    private final AwsClients aws;
    private final ResourceHandlers handlers;
    private final OwnershipKeys keys;

    public Sealer(AwsClients aws, ResourceHandlers handlers, OwnershipKeys keys) {
        this.aws = aws;
        this.handlers = handlers;
        this.keys = keys;
    }

    /** Seals what qualifies, in dependency order; with {@code dryRun}, only says what it would seal. */
    public List<Seal> seal(DesiredState desired, boolean dryRun) {
        CycleContext context = new CycleContext(aws, desired, new Outputs(), new NetworkLookup(aws.ec2()), keys);
        List<Seal> seals = new ArrayList<>();
        for (DesiredResource resource : desired.resources()) {
            seals.add(sealOne(resource, context, dryRun));
        }
        return seals;
    }

    private <V extends Record> Seal sealOne(DesiredResource resource, CycleContext context, boolean dryRun) {
        ResourceHandler<V> handler = handlers.of(resource.kind());
        Optional<Observed<V>> observed;
        try {
            observed = handler.observe(resource, context);
        } catch (Outputs.UnresolvedReference e) {
            return seal(resource, Outcome.NOT_FOUND, "what it hangs on (" + e.ref().resource() + ") does not exist");
        } catch (RuntimeException e) {
            return seal(resource, Outcome.FAILED, AwsErrors.describe(e));
        }
        if (observed.isEmpty()) {
            return seal(resource, Outcome.NOT_FOUND, "does not exist; a pass creates it with its proof");
        }
        try {
            Observed<V> actual = observed.get().tagsRead() ? observed.get()
                    : handler.readTags(observed.get(), context);
            // Read-only: what dependents need to be found (a listener needs its load balancer's ARN).
            context.outputs().put(resource.id(), actual.outputs());
            if (context.ownership().claimOf(actual) == Ownership.Claim.PROVEN) {
                // Proven under a key being rotated out: signed anew, so dropping that key leaves it proven.
                if (String.valueOf(actual.tags().get(OwnershipTags.PROOF)).startsWith(keys.signingKeyId() + ".")) {
                    return seal(resource, Outcome.ALREADY_PROVEN, null);
                }
                if (!dryRun) {
                    handler.tag(resource, actual, context);
                }
                return seal(resource, dryRun ? Outcome.WOULD_RESEAL : Outcome.RESEALED,
                        "its proof was made by another key; now signed by '" + keys.signingKeyId() + "'");
            }
            Optional<String> refusal = refusal(resource, actual.tags(), context.application());
            if (refusal.isPresent()) {
                return seal(resource, Outcome.REFUSED, refusal.get());
            }
            if (dryRun) {
                return seal(resource, Outcome.WOULD_SEAL, null);
            }
            handler.tag(resource, actual, context);
            return seal(resource, Outcome.SEALED, null);
        } catch (RuntimeException e) {
            return seal(resource, Outcome.FAILED, AwsErrors.describe(e));
        }
    }

    /** Why tags do not qualify: all three must be there, for this application and this very resource. */
    static Optional<String> refusal(DesiredResource resource, Map<String, String> tags, String application) {
        if (!OwnershipTags.MANAGED_BY_VALUE.equals(tags.get(OwnershipTags.MANAGED_BY))
                || !application.equals(tags.get(OwnershipTags.APPLICATION))) {
            return Optional.of("it does not carry the ownership tags of " + application + " (not sealed; adopt: true "
                    + "takes over a resource that is not Tracefleet's)");
        }
        if (!resource.id().value().equals(tags.get(OwnershipTags.RESOURCE))) {
            return Optional.of("its " + OwnershipTags.RESOURCE + " tag says '" + tags.get(OwnershipTags.RESOURCE)
                    + "', not '" + resource.id() + "' (not sealed)");
        }
        return Optional.empty();
    }

    private static Seal seal(DesiredResource resource, Outcome outcome, String reason) {
        return new Seal(resource.kind(), resource.id(), resource.physicalName(), outcome, reason);
    }
}
