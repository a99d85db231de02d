package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrorKind;
import io.tracefleet.aws.AwsErrors;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The create fallback the handlers share. A create AWS refuses because the name is taken (ours, made before a lost
 * answer or a crash; or a look-alike made since the observation) is answered with what has the name, read afresh
 * and returned untouched: the reconciler's ownership gate then decides whether it is ours, exactly as for a
 * resource an observation found. Taken but not listed yet is AWS's eventual consistency: a short wait, not an error.
 */
final class TakenName {
    private TakenName() {
    }

    static <V extends Record> Observed<V> createOrFind(Supplier<Observed<V>> create,
                                                       Supplier<Optional<Observed<V>>> find, String what) {
        try {
            return create.get();
        } catch (RuntimeException e) {
            if (AwsErrors.classify(e) != AwsErrorKind.ALREADY_EXISTS) {
                throw e;
            }
            return find.get().orElseThrow(() -> new ResourceHandler.NotVisibleYet(what
                    + " exists but is not visible yet"));
        }
    }
}
