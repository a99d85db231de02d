package io.tracefleet.desired;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags that claim a resource for an application. A resource with the right name but without them belongs to
 * someone else and is never modified or deleted. With them it is claimed, which anyone allowed to tag can do: only
 * the {@link #PROOF} tag, which the controller signs, makes the claim Tracefleet's own.
 */
public final class OwnershipTags {
    public static final String MANAGED_BY = "tracefleet.io/managed-by";
    public static final String MANAGED_BY_VALUE = "tracefleet";
    public static final String APPLICATION = "tracefleet.io/application";
    public static final String RESOURCE = "tracefleet.io/resource";
    /** Signed by the controller over the region, kind, name, application and logical id; never part of a plan. */
    public static final String PROOF = "tracefleet.io/proof";

    private OwnershipTags() {
    }

    public static Map<String, String> of(String application, LogicalId resource) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(MANAGED_BY, MANAGED_BY_VALUE);
        tags.put(APPLICATION, application);
        tags.put(RESOURCE, resource.value());
        return java.util.Collections.unmodifiableMap(tags);
    }

    /** Whether the tags claim the resource for the application; a claim, not a proof. */
    public static boolean claims(Map<String, String> tags, String application) {
        return MANAGED_BY_VALUE.equals(tags.get(MANAGED_BY)) && application.equals(tags.get(APPLICATION));
    }
}
