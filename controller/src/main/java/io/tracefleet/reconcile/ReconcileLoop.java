package io.tracefleet.reconcile;

import io.dropwizard.lifecycle.Managed;
import io.tracefleet.aws.ApiBudget;
import io.tracefleet.aws.AwsCallLog;
import io.tracefleet.aws.ThrottleBucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When passes run: every resync interval, shortly after the specs directory changes (debounced, so an editor's
 * burst of writes is one pass), and on demand. Every pass, whoever asked for it, runs on this loop's one thread,
 * so two passes never write to AWS at the same time; a trigger during a pass runs one more right after it.
 * The next resync is due an interval after a pass ends; when the calls of that pass do not fit the API budget
 * within the configured interval, the wait stretches to what the budget allows ({@link #resync()}).
 */
public final class ReconcileLoop implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);
    static final Duration DEBOUNCE = Duration.ofMillis(500);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /**
     * By default, how soon something still moving (a rollout, a twin standing in for a replaced resource) is first
     * looked at again (half of it fixed, half random); each further look waits twice as long, up to the resync.
     */
    public static final Duration PROGRESS_RECHECK = Duration.ofSeconds(10);
    /** Past the settle instant, so the pass it starts finds the spec settled even on a coarse clock. */
    private static final long SETTLE_MARGIN_MS = 50;
    /**
     * How long stopping waits for an interrupted pass. A pass stops at its next call, except a call blocked on a
     * socket, which only closing the AWS clients (right after this) ends; waiting for its timeout would hold
     * shutdown for up to the SDK's call timeout.
     */
    static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final Reconciler reconciler;
    private final Path specsDirectory;
    private final Duration resyncInterval;
    private final boolean watchSpecs;
    private final ApiBudget budget;
    /** Zero: something still moving waits for the resync like everything else. */
    private final Duration progressRecheck;
    private final AwsCallLog calls;
    private volatile ApiBudget.Resync resync;
    /** How many controllers share the account's budget (sharding); this one's resync is paced on its part. */
    private volatile java.util.function.IntSupplier sharedAmong = () -> 1;
    private volatile ScheduledFuture<?> nextResync;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            daemon("tracefleet-loop"));
    private final AtomicBoolean passPending = new AtomicBoolean();
    /** Why the pending pass was asked for, in order, each once: the pass's first log line says it. */
    private final java.util.Set<String> pendingReasons = new java.util.LinkedHashSet<>();
    /** Per application, retryable failures and rechecks in a row; only the loop's thread touches these. */
    private final Map<String, Integer> retries = new HashMap<>();
    private final Map<String, Integer> rechecks = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> requeued = new HashMap<>();
    private volatile ScheduledFuture<?> debounced;
    private volatile ScheduledFuture<?> settleCheck;
    private volatile WatchService watcher;
    private Thread watchThread;

    /** @param watchSpecs whether a change under the specs directory triggers a pass (else only resyncs and asks) */
    public ReconcileLoop(Reconciler reconciler, Path specsDirectory, Duration resyncInterval, boolean watchSpecs,
                         ApiBudget budget, AwsCallLog calls) {
        this(reconciler, specsDirectory, resyncInterval, watchSpecs, budget, calls, PROGRESS_RECHECK);
    }

    public ReconcileLoop(Reconciler reconciler, Path specsDirectory, Duration resyncInterval, boolean watchSpecs,
                         ApiBudget budget, AwsCallLog calls, Duration progressRecheck) {
        this.progressRecheck = progressRecheck;
        this.reconciler = reconciler;
        this.specsDirectory = specsDirectory;
        this.resyncInterval = resyncInterval;
        this.watchSpecs = watchSpecs;
        this.budget = budget;
        this.calls = calls;
        this.resync = new ApiBudget.Resync(resyncInterval, resyncInterval, Optional.empty());
    }

    @Override
    public void start() throws IOException {
        // Queued here rather than scheduled: a pass asked for once start returns (passNow) always runs after the
        // first one, never before it.
        trigger("start");
        if (watchSpecs) {
            watchSpecs();
        }
    }

    public void shareBudgetAmong(java.util.function.IntSupplier controllers) {
        this.sharedAmong = controllers;
    }

    /**
     * Asks for a pass as soon as possible; many asks while one is pending make one pass.
     *
     * @param why what asked, as the pass's first log line says it: "resync", "spec edit", "API", "lease gained"
     */
    public void trigger(String why) {
        synchronized (pendingReasons) {
            pendingReasons.add(why);
        }
        if (passPending.compareAndSet(false, true)) {
            scheduler.execute(this::runPass);
        }
    }

    /** A pass over every application now (after the one running, if any); completes with its results. */
    public CompletableFuture<List<CycleResult>> passNow() {
        return CompletableFuture.supplyAsync(() -> {
            LOG.info("pass started (asked in process)");
            return measuredPass();
        }, scheduler);
    }

    /** The interval between resyncs now, and why it is longer than configured if it is. */
    public ApiBudget.Resync resync() {
        return resync;
    }

    /** A pass, then the resync interval its calls allow, and the next resync an interval from now. */
    private List<CycleResult> measuredPass() {
        // Plans asked for over the API meanwhile are paid from their own share of the budget, not the pass's.
        Map<ThrottleBucket, Long> before = calls.attemptsByBucketOutsideTallies();
        try {
            return reconciler.reconcileAll();
        } finally {
            Map<ThrottleBucket, Long> made = new HashMap<>(calls.attemptsByBucketOutsideTallies());
            before.forEach((bucket, n) -> made.merge(bucket, -n, Long::sum));
            ApiBudget.Resync next = budget.splitAmong(sharedAmong.getAsInt()).resync(resyncInterval, made);
            if (next.stretched() && !resync.stretched()) {
                LOG.warn("resync interval {}", next.reason().orElseThrow());
            }
            resync = next;
            ScheduledFuture<?> previous = nextResync;
            if (previous != null) {
                previous.cancel(false);
            }
            try {
                nextResync = scheduler.schedule(() -> trigger("resync"), next.effective().toMillis(),
                        TimeUnit.MILLISECONDS);
                passWhenSpecsSettle();
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // The loop is stopping: no more resyncs.
            }
        }
    }

    /**
     * Deletions wait while a spec file has changed within the settle period; a pass right after it settles makes
     * them then rather than at the next resync, up to an interval later.
     */
    private void passWhenSpecsSettle() {
        ScheduledFuture<?> previous = settleCheck;
        if (previous != null) {
            previous.cancel(false);
        }
        settleCheck = reconciler.specs().nextSettle().map(at -> scheduler.schedule(() -> trigger("spec settled"),
                Math.max(0, java.time.Duration.between(java.time.Instant.now(), at).toMillis()) + SETTLE_MARGIN_MS,
                TimeUnit.MILLISECONDS)).orElse(null);
    }

    /** One application now, applying even if its spec says selfHeal: false; empty if no spec names it. */
    public CompletableFuture<Optional<CycleResult>> reconcileNow(String application) {
        return CompletableFuture.supplyAsync(() -> {
            LOG.info("{}: cycle started (asked for this application alone)", application);
            Optional<CycleResult> result = reconciler.reconcileNow(application);
            result.ifPresent(this::requeueIfUseful);
            return result;
        }, scheduler);
    }

    private void runPass() {
        passPending.set(false);
        String why;
        synchronized (pendingReasons) {
            why = String.join(", ", pendingReasons);
            pendingReasons.clear();
        }
        LOG.info("pass started ({})", why);
        try {
            measuredPass().forEach(this::requeueIfUseful);
        } catch (RuntimeException e) {
            LOG.error("reconcile pass failed", e);
        }
    }

    /**
     * An application whose cycle asks for it ({@link CycleResult#requeue()}) gets a cycle of its own before the
     * next resync; the others are not re-run for its trouble. A retryable failure (throttling, a 5xx, IAM not
     * consistent yet) backs off exponentially, per application, and a clean cycle resets it; something still moving
     * (a replacement's next step, a rollout) is looked at again after about {@link #PROGRESS_RECHECK}, then less
     * and less often, up to the resync interval.
     */
    private void requeueIfUseful(CycleResult result) {
        String application = result.application();
        Optional<CycleResult.Requeue> why = result.requeue()
                .filter(reason -> reason == CycleResult.Requeue.RETRYABLE_ERROR || !progressRecheck.isZero());
        if (why.isEmpty()) {
            retries.remove(application);
            rechecks.remove(application);
            return;
        }
        // Both back off per application: a rollout that stays short of tasks for an hour must not cost a cycle every
        // ten seconds for that hour.
        long delay = switch (why.get()) {
            case RETRYABLE_ERROR -> {
                rechecks.remove(application);
                yield Backoff.delay(retries.merge(application, 1, Integer::sum) - 1, FIRST_RETRY, resyncInterval,
                        ThreadLocalRandom.current());
            }
            case REPLACEMENT_IN_PROGRESS, PROGRESSING -> {
                retries.remove(application);
                yield Backoff.delay(rechecks.merge(application, 1, Integer::sum) - 1, progressRecheck,
                        resyncInterval, ThreadLocalRandom.current());
            }
        };
        LOG.info("{}: another cycle in {} ms ({})", application, delay,
                why.get().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        ScheduledFuture<?> previous = requeued.get(application);
        if (previous != null) {
            previous.cancel(false);
        }
        try {
            requeued.put(application, scheduler.schedule(() -> requeue(application), delay, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The loop is stopping.
        }
    }

    private void requeue(String application) {
        requeued.remove(application);
        try {
            reconciler.requeue(application).ifPresentOrElse(this::requeueIfUseful,
                    () -> retries.remove(application));
        } catch (RuntimeException e) {
            LOG.error("{}: requeued cycle failed", application, e);
        }
    }

    private void specsChanged() {
        ScheduledFuture<?> previous = debounced;
        if (previous != null) {
            previous.cancel(false);
        }
        debounced = scheduler.schedule(() -> trigger("spec edit"), DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void watchSpecs() throws IOException {
        watcher = FileSystems.getDefault().newWatchService();
        specsDirectory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        watchThread = daemon("tracefleet-spec-watch").newThread(() -> {
            try {
                while (true) {
                    WatchKey key = watcher.take();
                    key.pollEvents();
                    key.reset();
                    specsChanged();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                Thread.currentThread().interrupt();
            }
        });
        watchThread.start();
    }

    @Override
    public void stop() throws Exception {
        if (watcher != null) {
            watcher.close();
        }
        scheduler.shutdownNow();
        if (!scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("the reconcile pass did not stop within {} ms of shutdown; its AWS calls are abandoned",
                    STOP_WAIT.toMillis());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
