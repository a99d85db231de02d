package io.tracefleet.resources;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Observations one cycle shares between handlers and between a resource's observe and the prune's listing, so
 * that AWS is asked once per cycle (and in batches) rather than once per question. It lives in the
 * {@link CycleContext}, which is built afresh for every cycle: nothing here is ever older than the cycle, and a
 * handler that writes updates or forgets what it changed.
 */
public final class CycleMemo {
    private final Map<Object, Object> values = new ConcurrentHashMap<>();

    /** The value under {@code key}, loaded on first use in this cycle. */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> load) {
        Object known = values.get(key);
        if (known == null) {
            // Not computeIfAbsent: a load calls AWS and may consult the memo itself.
            known = load.get();
            Object raced = values.putIfAbsent(key, known);
            if (raced != null) {
                known = raced;
            }
        }
        return (T) known;
    }

    /** What a handler just made or changed, so the rest of the cycle sees it without asking again. */
    public void put(Object key, Object value) {
        values.put(key, value);
    }

    public void forget(Object key) {
        values.remove(key);
    }
}
