package io.tracefleet.resources;

import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.Ref;
import io.tracefleet.desired.Template;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the resources observed or created so far in this cycle expose (ARNs, ids, DNS names). Filled afresh every
 * cycle, so a reference never resolves to a value from an earlier, possibly stale, observation.
 */
public final class Outputs {
    private final Map<LogicalId, Map<Output, String>> values = new ConcurrentHashMap<>();

    public void put(LogicalId resource, Map<Output, String> outputs) {
        Map<Output, String> copy = new EnumMap<>(Output.class);
        copy.putAll(outputs);
        values.put(resource, copy);
    }

    public Optional<String> find(Ref ref) {
        return Optional.ofNullable(values.getOrDefault(ref.resource(), Map.of()).get(ref.output()));
    }

    public String resolve(Ref ref) {
        return find(ref).orElseThrow(() -> new UnresolvedReference(ref));
    }

    public String resolve(Template template) {
        return template.resolve(this::resolve);
    }

    public boolean has(LogicalId resource) {
        return values.containsKey(resource);
    }

    /** A reference to a resource that does not exist yet (a plan shows it as "known after apply"). */
    public static final class UnresolvedReference extends RuntimeException {
        private final transient Ref ref;

        public UnresolvedReference(Ref ref) {
            super("unresolved " + ref + ": " + ref.resource() + " does not exist yet", null, false, false);
            this.ref = ref;
        }

        public Ref ref() {
            return ref;
        }
    }
}
