package io.tracefleet.reconcile;

import io.tracefleet.aws.ApiBudget;
import io.tracefleet.aws.ThrottleBucket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans asked for over the API observe AWS as a cycle does, on the same account-wide throttle buckets as the
 * controller's own passes, and anyone who can reach the port may ask. So: requests for one application while its
 * observation runs share it; one taken less than {@code reuse} ago is answered again; and fresh ones are paid for
 * out of {@code budgetShare} of the API budget. A fresh plan's calls cost what {@link ApiBudget#floor} says they
 * need at the budget's sustained rates, stretched by {@code 1 / budgetShare}; once more than {@code burst} of that is
 * owed, a fresh plan is refused with the time until it would fit. Passes are never refused: they keep the rest.
 */
public final class OnDemandPlans {
    /** Fresh observations running at once, across applications; further ones are refused rather than queued. */
    public static final int MAX_RUNNING = 2;

    /**
     * @param reuse       how long a plan is answered again instead of observing afresh
     * @param budgetShare the share (0 to 1] of the API budget fresh plans may use over time
     * @param burst       how much budget time fresh plans may owe before the next is refused
     */
    public record Settings(Duration reuse, double budgetShare, Duration burst) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), 0.1, Duration.ofSeconds(60));

        public Settings {
            Objects.requireNonNull(reuse, "reuse");
            Objects.requireNonNull(burst, "burst");
            if (!(budgetShare > 0) || budgetShare > 1) {
                throw new IllegalArgumentException("the plan budget share must be in (0, 1]: " + budgetShare);
            }
        }
    }

    /** Observes one application as a cycle would, writing nothing; empty for an application not in force. */
    public interface Observer {
        Optional<Observation> observe(String application);
    }

    /** @param attempts the HTTP attempts the observation made, by throttle bucket */
    public record Observation(CycleResult result, Map<ThrottleBucket, Long> attempts) {
    }

    /** @param reused true when this is an earlier observation answered again */
    public record Answer(CycleResult result, Instant observedAt, boolean reused) {
    }

    /** A fresh plan does not fit now; {@code retryAfter} is when it would. */
    public static final class Refused extends RuntimeException {
        private final Duration retryAfter;

        Refused(Duration retryAfter, String message) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    private final Observer observer;
    private final ApiBudget budget;
    private final Clock clock;
    private final Settings settings;
    private final Map<String, Answer> recent = new ConcurrentHashMap<>();
    /** Guarded by {@code this}, with {@link #owedUntil} and {@link #running}. */
    private final Map<String, CompletableFuture<Optional<Answer>>> inFlight = new HashMap<>();
    private Instant owedUntil = Instant.MIN;
    private int running;

    public OnDemandPlans(Observer observer, ApiBudget budget, Clock clock, Settings settings) {
        this.observer = observer;
        this.budget = budget;
        this.clock = clock;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The plan of an application: one observed at most {@code reuse} ago, the one being observed now, or a fresh one
     * when the budget allows it. Empty for an application not in force.
     *
     * @throws Refused when a fresh plan is needed and does not fit the budget now
     */
    public Optional<Answer> plan(String application) {
        CompletableFuture<Optional<Answer>> shared;
        Instant now;
        boolean joining;
        synchronized (this) {
            now = clock.instant();
            Answer kept = recent.get(application);
            if (kept != null && !now.isAfter(kept.observedAt().plus(settings.reuse()))) {
                return Optional.of(new Answer(kept.result(), kept.observedAt(), true));
            }
            shared = inFlight.get(application);
            joining = shared != null;
            if (!joining) {
                refuseUnlessItFits(now);
                shared = new CompletableFuture<>();
                inFlight.put(application, shared);
                running++;
            }
        }
        if (joining) {
            // Waited for outside the lock: the observation's own end needs it.
            return join(shared);
        }
        try {
            Optional<Observation> seen = observer.observe(application);
            Optional<Answer> answer = seen.map(o -> new Answer(o.result(), now, false));
            synchronized (this) {
                seen.ifPresent(o -> charge(o.attempts()));
                answer.ifPresentOrElse(a -> recent.put(application, a), () -> recent.remove(application));
            }
            shared.complete(answer);
            return answer;
        } catch (RuntimeException | Error e) {
            shared.completeExceptionally(e);
            throw e;
        } finally {
            synchronized (this) {
                inFlight.remove(application);
                running--;
            }
        }
    }

    private void refuseUnlessItFits(Instant now) {
        Duration owed = owedUntil.isAfter(now) ? Duration.between(now, owedUntil) : Duration.ZERO;
        if (owed.compareTo(settings.burst()) > 0) {
            Duration wait = owed.minus(settings.burst());
            throw new Refused(wait, String.format(java.util.Locale.ROOT, "fresh plans have used their share "
                    + "(%.0f%%) of the API budget; one fits again in %d s (a plan younger than %d s is answered "
                    + "again without waiting)", settings.budgetShare() * 100, seconds(wait),
                    settings.reuse().toSeconds()));
        }
        if (running >= MAX_RUNNING) {
            throw new Refused(Duration.ofSeconds(1), MAX_RUNNING + " fresh plans are being observed already");
        }
    }

    private void charge(Map<ThrottleBucket, Long> attempts) {
        Duration cost = budget.floor(attempts).duration();
        Duration stretched = Duration.ofNanos(Math.round(cost.toNanos() / settings.budgetShare()));
        Instant now = clock.instant();
        owedUntil = (owedUntil.isAfter(now) ? owedUntil : now).plus(stretched);
    }

    /** Whole seconds, rounded up, at least one: what a Retry-After header carries. */
    public static long seconds(Duration wait) {
        long whole = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, whole);
    }

    private static Optional<Answer> join(CompletableFuture<Optional<Answer>> shared) {
        try {
            return shared.join().map(a -> new Answer(a.result(), a.observedAt(), true));
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
