package io.tracefleet.resources;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Observations every application's cycle in one pass shares: only what is the same whichever application asks,
 * which is what IAM answers (IAM is global to the account; its roles and their tags are one answer for all). It is
 * built afresh for every pass, so nothing in it is older than the pass. Applications run concurrently, so a value
 * is loaded once even when several ask at the same moment; a load that fails is forgotten, and the next asker
 * tries again.
 */
public final class PassMemo {
    private final Map<Object, CompletableFuture<Object>> values = new ConcurrentHashMap<>();

    /** The value under {@code key}, loaded by the first cycle of this pass that asks. */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> load) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> known = values.putIfAbsent(key, mine);
        if (known == null) {
            try {
                mine.complete(load.get());
            } catch (RuntimeException e) {
                values.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            known = mine;
        }
        try {
            return (T) known.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
