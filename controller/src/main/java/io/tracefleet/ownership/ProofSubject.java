package io.tracefleet.ownership;

import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;

/**
 * What one ownership proof vouches for: one resource, by the name it has in AWS, made for one logical id of one
 * application. The name, not the ARN or id AWS assigns, so the proof can go out in the create call itself: there is
 * no moment when a resource of ours exists without it. Names are unique per kind and region, so a proof fits
 * exactly one live resource.
 *
 * @param name the physical name; for a listener rule, which AWS does not name, its listener's name (the priority
 *             may change, the rule stays the same), with the logical id telling rules apart
 */
public record ProofSubject(String region, ResourceKind kind, String name, String application, LogicalId logicalId) {
    /** Changed if the canonical form ever changes, so an old proof can never be read as a new one. */
    static final String VERSION = "tracefleet-proof-v1";

    /** One field a line: none of them can hold a newline, so two subjects never share a canonical text. */
    String canonical() {
        return String.join("\n", VERSION, region, kind.name(), name, application, logicalId.value());
    }
}
