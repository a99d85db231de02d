package io.tracefleet.resources;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The registered content of task definition revisions, kept across passes. It is not a cache that can go stale: a
 * revision is immutable in ECS (containers, cpu and memory, roles and network mode are fixed at registration; a
 * change is a new revision with a new ARN), and the key is the full ARN with account, region and revision. What
 * does change — whether a revision is ACTIVE, its tags, which one is a family's latest, which one a service runs —
 * is never kept here: every pass reads it from its own listing, and every write that depends on it reads it again.
 * <p>
 * Bounded: beyond {@code capacity} the least recently used revision goes. Each pass touches the revisions it
 * compares, so what falls out is a revision no pass looks at any more (superseded, or of a family gone).
 * <p>
 * With {@link RevisionFiles}, what is read from AWS is also kept on disk, and a revision this process has not met is
 * looked for there before it is described: a one-shot command then describes only revisions no earlier run read.
 */
final class RevisionStore {
    /** Enough for several applications of a thousand services; an entry is a few KiB. */
    static final int DEFAULT_CAPACITY = 4096;

    /** One revision's immutable content. */
    record Revision(String arn, String family, TaskDefinitionHandler.View view) {
    }

    private final Map<String, Revision> byArn;
    private final Optional<RevisionFiles> files;

    RevisionStore(int capacity) {
        this(capacity, Optional.empty());
    }

    RevisionStore(int capacity, Optional<RevisionFiles> files) {
        this.files = files;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.byArn = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Revision> eldest) {
                return size() > capacity;
            }
        };
    }

    Optional<Revision> get(String arn) {
        synchronized (this) {
            Revision known = byArn.get(arn);
            if (known != null || files.isEmpty()) {
                return Optional.ofNullable(known);
            }
        }
        // Outside the lock: other workers of the cycle go on while this one reads its file.
        Optional<Revision> kept = files.get().read(arn);
        kept.ifPresent(revision -> {
            synchronized (this) {
                byArn.put(revision.arn(), revision);
            }
        });
        return kept;
    }

    /** Keeps a revision read from AWS; only an ARN that names one revision ({@code family:n}) is a key. */
    void put(Revision revision) {
        if (!isRevisionArn(revision.arn())) {
            throw new IllegalArgumentException("not the ARN of one revision: " + revision.arn());
        }
        synchronized (this) {
            byArn.put(revision.arn(), revision);
        }
        files.ifPresent(f -> f.write(revision));
    }

    /** A revision deregistered: nothing will ask for it again. */
    void forget(String arn) {
        synchronized (this) {
            byArn.remove(arn);
        }
        files.ifPresent(f -> f.forget(arn));
    }

    synchronized int size() {
        return byArn.size();
    }

    static boolean isRevisionArn(String arn) {
        return arn != null && arn.startsWith("arn:") && arn.contains(":task-definition/")
                && arn.substring(arn.lastIndexOf(':') + 1).matches("[0-9]+");
    }
}
