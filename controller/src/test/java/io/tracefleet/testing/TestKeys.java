package io.tracefleet.testing;

import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.ownership.OwnershipKeys;
import io.tracefleet.ownership.ProofSubject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ownership key every test controller and reconciler signs with, so a test can make in moto, out of band, what
 * the controller accepts as its own (a resource an earlier pass made), or deliberately leave the proof off.
 */
public final class TestKeys {
    /** As {@code ownership.keys} reads it. */
    public static final String CONFIGURED = "test:tracefleet-test-ownership-key-not-a-secret";
    public static final OwnershipKeys KEYS = OwnershipKeys.parse(CONFIGURED);

    private TestKeys() {
    }

    /** The ownership tags with a valid proof, as the controller would have created the resource. */
    public static Map<String, String> owned(String region, ResourceKind kind, String name, String application,
                                            LogicalId id) {
        Map<String, String> tags = new LinkedHashMap<>(OwnershipTags.of(application, id));
        tags.put(OwnershipTags.PROOF, proof(region, kind, name, application, id));
        return tags;
    }

    public static String proof(String region, ResourceKind kind, String name, String application, LogicalId id) {
        String proofName = kind == ResourceKind.LISTENER_RULE && name.contains(" priority ")
                ? name.substring(0, name.indexOf(" priority ")) : name;
        return KEYS.sign(new ProofSubject(region, kind, proofName, application, id));
    }
}
