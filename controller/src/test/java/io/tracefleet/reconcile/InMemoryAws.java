package io.tracefleet.reconcile;

import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.diff.Delta;
import io.tracefleet.diff.FieldPath;
import io.tracefleet.resources.CycleContext;
import io.tracefleet.resources.Observed;
import io.tracefleet.resources.ResourceHandler;
import io.tracefleet.resources.ResourceHandlers;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * AWS as the reconciler's decisions need it, in memory: named resources of each kind, with tags and a view, and
 * every write made to them. Its handlers follow the {@link ResourceHandler} contract as the real ones do (creates
 * send the ownership tags and proof, the prune lists what the tags claim), so a test of the decision table runs in
 * milliseconds; what AWS itself does is the real handlers' ITs against moto.
 */
public final class InMemoryAws {
    /** A resource's owned fields: a size that can change in place, and a zone fixed when it is created. */
    public record Box(String size, String zone) {
    }

    record Stored(String identifier, Map<String, String> tags, Box view) {
    }

    private final Map<ResourceKind, Map<String, Stored>> resources = new EnumMap<>(ResourceKind.class);
    private final List<String> writes = new ArrayList<>();
    private final Map<String, Box> desired = new HashMap<>();
    private final Map<String, RuntimeException> failingObserves = new HashMap<>();
    private final Map<String, Stored> appearingOnCreate = new HashMap<>();
    private final Set<ResourceKind> failingListings = java.util.EnumSet.noneOf(ResourceKind.class);
    private final List<String> writers = new ArrayList<>();
    private volatile java.util.function.Consumer<String> beforeObserve = name -> { };
    private volatile java.util.function.Consumer<String> beforeCreate = name -> { };
    private int nextId;

    /** Run (outside any lock, so it may block) as each observe of a name starts: what a test watches or holds. */
    void beforeObserve(java.util.function.Consumer<String> hook) {
        beforeObserve = hook;
    }

    /** Run as each create of a name starts, before anything is stored: a throttle that refuses the call, say. */
    void beforeCreate(java.util.function.Consumer<String> hook) {
        beforeCreate = hook;
    }

    /** For each write, the application the thread making it wrote for ({@link WritingFor}), "none" if none. */
    synchronized List<String> writers() {
        return List.copyOf(writers);
    }

    private synchronized void wrote(String write) {
        writes.add(write);
        writers.add(WritingFor.application().orElse("none"));
    }

    /** The box the spec wants under this name (a small one in zone a when not said). */
    InMemoryAws want(String name, Box box) {
        desired.put(name, box);
        return this;
    }

    /** A resource made by someone else (or by an earlier cycle: pass tags with a proof). */
    synchronized Stored put(ResourceKind kind, String name, Map<String, String> tags, Box view) {
        Stored stored = new Stored(kind.label() + "/" + name + "#" + nextId++, Map.copyOf(tags), view);
        resources.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(name, stored);
        return stored;
    }

    synchronized Optional<Stored> get(ResourceKind kind, String name) {
        return Optional.ofNullable(resources.getOrDefault(kind, Map.of()).get(name));
    }

    /** Every write, in order, as "verb kind name". */
    synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    void failObserve(String name, RuntimeException failure) {
        failingObserves.put(name, failure);
    }

    void failListing(ResourceKind kind) {
        failingListings.add(kind);
    }

    /** Someone makes a look-alike with these tags between the observation and the create. */
    void appearOnCreate(String name, Map<String, String> tags) {
        appearingOnCreate.put(name, new Stored("lookalike/" + name, Map.copyOf(tags), new Box("small", "a")));
    }

    ResourceHandlers handlers(ResourceKind... kinds) {
        List<ResourceHandler<?>> all = new ArrayList<>();
        for (ResourceKind kind : kinds) {
            all.add(new Handler(kind));
        }
        return new ResourceHandlers(all);
    }

    private final class Handler implements ResourceHandler<Box> {
        private static final FieldPath ZONE = FieldPath.of(Box.class, "zone");
        private final ResourceKind kind;

        Handler(ResourceKind kind) {
            this.kind = kind;
        }

        @Override
        public ResourceKind kind() {
            return kind;
        }

        @Override
        public Optional<Observed<Box>> observe(DesiredResource resource, CycleContext context) {
            beforeObserve.accept(resource.physicalName());
            synchronized (InMemoryAws.this) {
                return observeNow(resource);
            }
        }

        private Optional<Observed<Box>> observeNow(DesiredResource resource) {
            RuntimeException failure = failingObserves.get(resource.physicalName());
            if (failure != null) {
                throw failure;
            }
            return get(kind, resource.physicalName()).map(s -> observed(resource.physicalName(), s));
        }

        @Override
        public Box desiredView(DesiredResource resource, CycleContext context) {
            return desired.getOrDefault(resource.physicalName(), new Box("small", "a"));
        }

        @Override
        public Observed<Box> create(DesiredResource resource, Box view, CycleContext context) {
            beforeCreate.accept(resource.physicalName());
            synchronized (InMemoryAws.this) {
                Stored lookalike = appearingOnCreate.remove(resource.physicalName());
                if (lookalike != null) {
                    resources.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(resource.physicalName(), lookalike);
                    return observed(resource.physicalName(), lookalike);
                }
                wrote("create " + kind.label() + " " + resource.physicalName());
                return observed(resource.physicalName(), put(kind, resource.physicalName(),
                        context.ownership().tagsFor(resource), view));
            }
        }

        @Override
        public Optional<String> replacementReason(Delta delta) {
            return delta.touches(ZONE) ? Optional.of("a box's zone is fixed when it is made") : Optional.empty();
        }

        @Override
        public Observed<Box> update(DesiredResource resource, Box view, Observed<Box> actual, Delta delta,
                                    CycleContext context) {
            synchronized (InMemoryAws.this) {
                wrote("update " + kind.label() + " " + resource.physicalName());
                Stored before = get(kind, resource.physicalName()).orElseThrow();
                Stored after = new Stored(before.identifier(), before.tags(), view);
                resources.get(kind).put(resource.physicalName(), after);
                return observed(resource.physicalName(), after);
            }
        }

        @Override
        public void tag(DesiredResource resource, Observed<Box> actual, CycleContext context) {
            synchronized (InMemoryAws.this) {
                wrote("tag " + kind.label() + " " + resource.physicalName());
                Stored before = get(kind, resource.physicalName()).orElseThrow();
                Map<String, String> tags = new HashMap<>(before.tags());
                tags.putAll(context.ownership().tagsFor(resource));
                resources.get(kind).put(resource.physicalName(), new Stored(before.identifier(), tags, before.view()));
            }
        }

        @Override
        public void delete(Observed<Box> actual, CycleContext context) {
            synchronized (InMemoryAws.this) {
                wrote("delete " + kind.label() + " " + actual.physicalName());
                resources.get(kind).remove(actual.physicalName());
            }
        }

        @Override
        public List<Observed<Box>> listOwned(CycleContext context) {
            synchronized (InMemoryAws.this) {
                if (failingListings.contains(kind)) {
                    throw software.amazon.awssdk.awscore.exception.AwsServiceException.builder().statusCode(503)
                            .message("listing unavailable").build();
                }
                return resources.getOrDefault(kind, Map.of()).entrySet().stream()
                        .filter(e -> OwnershipTags.claims(e.getValue().tags(), context.application()))
                        .map(e -> observed(e.getKey(), e.getValue())).toList();
            }
        }

        /** A box of size "tiny" does not work: enough to tell a health read before a write from one after. */
        @Override
        public io.tracefleet.diff.HealthVerdict health(Observed<Box> actual) {
            return "tiny".equals(actual.view().size())
                    ? new io.tracefleet.diff.HealthVerdict(io.tracefleet.diff.Health.DEGRADED, "too small to run")
                    : io.tracefleet.diff.HealthVerdict.HEALTHY;
        }

        private Observed<Box> observed(String name, Stored stored) {
            return new Observed<>(kind, name, stored.identifier(), stored.tags(),
                    Map.of(Output.ARN, stored.identifier(), Output.ID, name), stored.view());
        }
    }
}
