package io.tracefleet.desired;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags that mark a resource as Tracefleet's. A resource with the right name but without them belongs to
 * someone else and is never modified or deleted.
 */
public final class OwnershipTags {
    public static final String MANAGED_BY = "tracefleet.io/managed-by";
    public static final String MANAGED_BY_VALUE = "tracefleet";
    public static final String APPLICATION = "tracefleet.io/application";
    public static final String RESOURCE = "tracefleet.io/resource";

    private OwnershipTags() {
    }

    public static Map<String, String> of(String application, LogicalId resource) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(MANAGED_BY, MANAGED_BY_VALUE);
        tags.put(APPLICATION, application);
        tags.put(RESOURCE, resource.value());
        return java.util.Collections.unmodifiableMap(tags);
    }

    public static boolean isOwnedBy(Map<String, String> tags, String application) {
        return MANAGED_BY_VALUE.equals(tags.get(MANAGED_BY)) && application.equals(tags.get(APPLICATION));
    }
}
