package io.tracefleet.resources;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Observations one cycle shares between handlers and between a resource's observe and the prune's listing, so
 * that AWS is asked once per cycle (and in batches) rather than once per question. It lives in the
 * {@link CycleContext}, which is built afresh for every cycle: nothing here is ever older than the cycle, and a
 * handler that writes updates or forgets what it changed.
 * <p>
 * A cycle's resources are reconciled concurrently: a hundred target groups observed at once ask for the listing once,
 * the others waiting for its answer. A load that a write forgets while it runs is not kept (the write removed its
 * entry), so a listing made before a create never hides that create from the rest of the cycle.
 */
public final class CycleMemo {
    private final Map<Object, Entry> values = new ConcurrentHashMap<>();

    private record Entry(CompletableFuture<Object> value, Thread loader) {
    }

    /** The value under {@code key}, loaded on first use in this cycle. */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> load) {
        Entry mine = new Entry(new CompletableFuture<>(), Thread.currentThread());
        // Not computeIfAbsent: a load calls AWS and may consult the memo itself.
        Entry known = values.putIfAbsent(key, mine);
        if (known == null) {
            try {
                T loaded = load.get();
                mine.value().complete(loaded);
                return loaded;
            } catch (RuntimeException | Error e) {
                // A failed load is not an answer: the next question asks AWS again.
                values.remove(key, mine);
                mine.value().completeExceptionally(e);
                throw e;
            }
        }
        if (known.loader() == Thread.currentThread() && !known.value().isDone()) {
            // The load consults its own key: answer it directly, as before loads were shared.
            return load.get();
        }
        return (T) join(known.value());
    }

    private static Object join(CompletableFuture<Object> value) {
        try {
            return value.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw software.amazon.awssdk.core.exception.AbortedException.builder()
                    .message("interrupted while another worker of the cycle read AWS").cause(e).build();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** What a handler just made or changed, so the rest of the cycle sees it without asking again. */
    public void put(Object key, Object value) {
        values.put(key, new Entry(CompletableFuture.completedFuture(value), Thread.currentThread()));
    }

    public void forget(Object key) {
        values.remove(key);
    }
}
