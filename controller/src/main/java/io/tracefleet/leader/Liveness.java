package io.tracefleet.leader;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which controllers are alive, judged as the lock client judges a lock: a heartbeat item whose record version has
 * not changed for a while, by this controller's own clock, belongs to a controller that stopped renewing. Nothing
 * here trusts another machine's clock. A controller first seen counts as alive until it has had that long to renew.
 * Not thread-safe: one campaign thread observes.
 */
final class Liveness {
    private record Seen(String version, long changedAtMillis) {
    }

    private final long suspectAfterMillis;
    private final Map<String, Seen> members = new HashMap<>();

    Liveness(long suspectAfterMillis) {
        this.suspectAfterMillis = suspectAfterMillis;
    }

    /** One scan's heartbeat items (owner to record version), at this controller's time {@code now}. */
    void observe(Map<String, String> versions, long nowMillis) {
        members.keySet().retainAll(versions.keySet());
        versions.forEach((member, version) -> members.merge(member, new Seen(version, nowMillis),
                (before, seen) -> before.version().equals(version) ? before : seen));
    }

    /** When this controller last saw the item's version change (or first saw it); empty if it did not see it. */
    java.util.OptionalLong changedAt(String member) {
        Seen seen = members.get(member);
        return seen == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(seen.changedAtMillis());
    }

    Set<String> live(long nowMillis) {
        Set<String> live = new HashSet<>();
        members.forEach((member, seen) -> {
            if (nowMillis - seen.changedAtMillis() <= suspectAfterMillis) {
                live.add(member);
            }
        });
        return live;
    }
}
