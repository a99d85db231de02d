package io.tracefleet.resources;

import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.ownership.OwnershipKeys;
import io.tracefleet.ownership.ProofSubject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who owns a resource, for one application in one region. The ownership tags are a claim anyone allowed to tag
 * can make; only the proof tag, signed with a key that never leaves the controller, makes it Tracefleet's. Every
 * decision to change or delete goes through {@link #proves}.
 */
public final class Ownership {
    /** The claim says which application and resource; the proof says the claim was made by Tracefleet. */
    public enum Claim {
        /** Not claimed for this application: someone else's. */
        NONE,
        /** Carries the application's ownership tags but no valid proof: looks like ours, is not provably so. */
        UNPROVEN,
        /** Ours. */
        PROVEN
    }

    private final OwnershipKeys keys;
    private final String region;
    private final String application;

    public Ownership(OwnershipKeys keys, String region, String application) {
        this.keys = keys;
        this.region = region;
        this.application = application;
    }

    /** The ownership tags and their proof, as every create and adoption sends them. */
    public Map<String, String> tagsFor(DesiredResource desired) {
        Map<String, String> tags = new LinkedHashMap<>(desired.tags());
        tags.put(OwnershipTags.PROOF, keys.sign(subject(desired.kind(), desired.physicalName(), desired.id())));
        return java.util.Collections.unmodifiableMap(tags);
    }

    public Claim claimOf(Observed<?> observed) {
        return claimOf(observed.kind(), observed.physicalName(), observed.tags());
    }

    public Claim claimOf(ResourceKind kind, String physicalName, Map<String, String> tags) {
        if (!OwnershipTags.claims(tags, application)) {
            return Claim.NONE;
        }
        String resource = tags.get(OwnershipTags.RESOURCE);
        boolean proven = resource != null && !resource.isEmpty()
                && keys.verifies(subject(kind, physicalName, LogicalId.of(resource)), tags.get(OwnershipTags.PROOF));
        return proven ? Claim.PROVEN : Claim.UNPROVEN;
    }

    /** Whether the resource is provably this application's: the only ground for changing or deleting it. */
    public boolean proves(Observed<?> observed) {
        return observed.tagsRead() && claimOf(observed) == Claim.PROVEN;
    }

    public boolean proves(ResourceKind kind, String physicalName, Map<String, String> tags) {
        return claimOf(kind, physicalName, tags) == Claim.PROVEN;
    }

    private ProofSubject subject(ResourceKind kind, String physicalName, LogicalId id) {
        return new ProofSubject(region, kind, proofName(kind, physicalName), application, id);
    }

    /**
     * The name a proof is bound to. A listener rule's name carries its priority, which the spec may change without
     * the rule becoming another: its proof is bound to its listener, and its logical id tells it from the others.
     */
    static String proofName(ResourceKind kind, String physicalName) {
        if (kind == ResourceKind.LISTENER_RULE) {
            int priority = physicalName.indexOf(RULE_PRIORITY);
            return priority < 0 ? physicalName : physicalName.substring(0, priority);
        }
        return physicalName;
    }

    /** How a rule's physical name joins its listener's name and its priority. */
    static final String RULE_PRIORITY = " priority ";
}
