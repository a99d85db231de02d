package io.tracefleet.reconcile;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The application whose cycle runs on this thread. A cycle runs on one thread from its first call to its last, so
 * the write fence, which sees only an SDK call, can ask whose lease the call needs.
 */
public final class WritingFor {
    private static final ThreadLocal<String> APPLICATION = new ThreadLocal<>();

    private WritingFor() {
    }

    public static Optional<String> application() {
        return Optional.ofNullable(APPLICATION.get());
    }

    static <T> T during(String application, Supplier<T> work) {
        String before = APPLICATION.get();
        APPLICATION.set(application);
        try {
            return work.get();
        } finally {
            if (before == null) {
                APPLICATION.remove();
            } else {
                APPLICATION.set(before);
            }
        }
    }
}
