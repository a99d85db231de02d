package io.tracefleet.reconcile;

import io.tracefleet.aws.AwsOperation;
import io.tracefleet.aws.ThrottleBucket;
import io.tracefleet.aws.TokenWaits;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs one application's resources concurrently, each as soon as everything it depends on is done and never more
 * than {@code parallelism} at once. A hundred target groups or services wait for one another only through the rate
 * limiter, which paces them to their bucket; a service still waits for its task definition and its rule.
 * <p>
 * Of the resources ready at one moment, the one of the lowest dependency level goes first (then the spec's order),
 * so the log reads level by level as far as the bound allows.
 * <p>
 * A worker asleep in the rate limiter for a token does not count against the bound: its place goes to the next ready
 * resource, so that load balancer calls do not queue behind task definition registrations paced to one a second.
 * While one resource of a kind sleeps so, no more than {@link #RUNNING_PER_THROTTLED_KIND} of that kind run: more
 * would only book tokens further ahead, past the limiter's bound on a wait, and be refused. A resource the limiter
 * did refuse before it wrote anything is started again once its token is near (which bucket a resource's calls wait
 * on is known only once they are made).
 * <p>
 * Each worker runs under the cycle's {@link WritingFor} application and whatever else the {@link ThreadCarrier}
 * carries, so the write fence and the call tallies see a worker's calls as the cycle's. When the cycle's thread is
 * interrupted (the controller is stopping), or a worker's call was aborted, nothing more is started, the running
 * workers are interrupted and waited for, and the cycle's thread is left interrupted: no worker writes after the
 * cycle has returned; a resource waiting to be started again keeps what its one run found.
 */
final class ResourceScheduler {
    /**
     * In flight per application, not counting workers asleep for a token: enough to overlap AWS's round trips; more
     * would mostly put more calls on one endpoint at once.
     */
    static final int DEFAULT_PARALLELISM = 8;
    static final int MAX_PARALLELISM = 64;
    /**
     * How many of a kind run while one of them sleeps for a token. Enough to keep its bucket busy (each books the next
     * token while the one before it sleeps); few enough that the last waits well within the limiter's ten seconds at
     * ECS's task definition registrations (1 a second, half of that at the default share).
     */
    static final int RUNNING_PER_THROTTLED_KIND = 4;
    /**
     * How often one resource may be started again in the same run after the limiter refused one of its calls before
     * it wrote anything: enough for a slow bucket's queue to drain (ELB load balancers at half the budget: one every
     * 10 s), few enough that a bucket some other client keeps empty cannot hold a cycle for long.
     */
    static final int RETRIES_AFTER_REFUSAL = 5;

    /** One after another on the calling thread, in the same order: what a cycle did before it had workers. */
    static final ResourceScheduler SEQUENTIAL = new ResourceScheduler(Runnable::run, 1, ThreadCarrier.NONE);

    private final Executor executor;
    private final int parallelism;
    private final ThreadCarrier carrier;

    ResourceScheduler(Executor executor, int parallelism, ThreadCarrier carrier) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be 1 to " + MAX_PARALLELISM + ": " + parallelism);
        }
        this.executor = executor;
        this.parallelism = parallelism;
        this.carrier = carrier;
    }

    int parallelism() {
        return parallelism;
    }

    /** What the coordinator hears from its workers. */
    private sealed interface Event permits Finished, Waiting, Resumed {
    }

    /**
     * What a worker hands back: the resource's result, or what it threw that was not a RuntimeException; and, if the
     * limiter refused one of its calls before it wrote anything, how soon the token it wanted is within reach.
     */
    private record Finished<R>(LogicalId id, ResourceKind kind, R result, Throwable thrown, boolean aborted,
                               boolean ran, Optional<Duration> retryAfter)
            implements Event {
    }

    /** A resource to start again once its wanted token is within the limiter's bound; its first result meanwhile. */
    private record Deferred<R>(DesiredResource resource, long dueNanos, R result) {
    }

    /** A worker of this kind went to sleep for a throttle token. */
    private record Waiting(ResourceKind kind) implements Event {
    }

    /** ...and woke. */
    private record Resumed(ResourceKind kind) implements Event {
    }

    /**
     * Runs {@code work} for every resource whose dependencies are all done, returning the results by id in the order
     * they finished. A resource whose dependency was never run (the cycle stopped) is left out; one whose dependency
     * failed still runs, and its work decides (the reconciler marks it blocked without a call).
     */
    <R> Map<LogicalId, R> run(List<DesiredResource> resources, Function<DesiredResource, R> work) {
        Map<LogicalId, DesiredResource> byId = new HashMap<>();
        resources.forEach(r -> byId.put(r.id(), r));
        Map<LogicalId, Integer> order = new HashMap<>();
        for (int i = 0; i < resources.size(); i++) {
            order.put(resources.get(i).id(), i);
        }
        Map<LogicalId, Integer> levels = levels(resources, order);
        Map<LogicalId, Set<LogicalId>> waitingOn = new HashMap<>();
        Map<LogicalId, List<DesiredResource>> dependents = new HashMap<>();
        TreeSet<DesiredResource> ready = new TreeSet<>(Comparator
                .comparingInt((DesiredResource r) -> levels.get(r.id())).thenComparingInt(r -> order.get(r.id())));
        for (DesiredResource resource : resources) {
            Set<LogicalId> deps = new HashSet<>(resource.dependsOn());
            deps.retainAll(order.keySet());
            deps.remove(resource.id());
            if (deps.isEmpty()) {
                ready.add(resource);
            } else {
                waitingOn.put(resource.id(), deps);
                deps.forEach(dep -> dependents.computeIfAbsent(dep, d -> new ArrayList<>()).add(resource));
            }
        }
        Run<R> run = new Run<>(work, WritingFor.application());
        Map<LogicalId, R> done = new LinkedHashMap<>();
        int inFlight = 0;
        int waiting = 0;
        Map<ResourceKind, Integer> waitingByKind = new EnumMap<>(ResourceKind.class);
        Map<ResourceKind, Integer> runningByKind = new EnumMap<>(ResourceKind.class);
        PriorityQueue<Deferred<R>> deferred = new PriorityQueue<>(Comparator.comparingLong(Deferred::dueNanos));
        Map<LogicalId, Integer> retries = new HashMap<>();
        boolean stopping = false;
        boolean interrupted = false;
        Throwable thrown = null;
        while (true) {
            while (!stopping && !deferred.isEmpty() && deferred.peek().dueNanos() <= System.nanoTime()) {
                ready.add(deferred.poll().resource());
            }
            while (!stopping && inFlight - waiting < parallelism && !ready.isEmpty()) {
                if (Thread.currentThread().isInterrupted() || run.aborted.get()) {
                    stopping = true;
                    break;
                }
                Optional<DesiredResource> next = ready.stream()
                        .filter(r -> waitingByKind.getOrDefault(r.kind(), 0) == 0
                                || runningByKind.getOrDefault(r.kind(), 0) < RUNNING_PER_THROTTLED_KIND)
                        .findFirst();
                if (next.isEmpty()) {
                    break;
                }
                ready.remove(next.get());
                run.start(next.get());
                runningByKind.merge(next.get().kind(), 1, Integer::sum);
                inFlight++;
            }
            if (inFlight == 0 && (stopping || deferred.isEmpty())) {
                break;
            }
            Event event;
            try {
                event = deferred.isEmpty() ? run.events.take() : run.events.poll(
                        Math.max(0, deferred.peek().dueNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                stopping = true;
                run.stop();
                continue;
            }
            if (event == null) {
                continue; // a deferred resource is due
            }
            if (event instanceof Waiting w) {
                waiting++;
                waitingByKind.merge(w.kind(), 1, Integer::sum);
                continue;
            }
            if (event instanceof Resumed r) {
                waiting--;
                waitingByKind.merge(r.kind(), -1, Integer::sum);
                continue;
            }
            @SuppressWarnings("unchecked")
            Finished<R> finished = (Finished<R>) event;
            inFlight--;
            runningByKind.merge(finished.kind(), -1, Integer::sum);
            if (finished.thrown() != null) {
                thrown = thrown == null ? finished.thrown() : thrown;
                stopping = true;
                run.stop();
                continue;
            }
            if (finished.aborted() && !stopping) {
                stopping = true;
                run.stop();
            }
            if (!finished.ran()) {
                continue;
            }
            if (finished.retryAfter().isPresent() && !stopping
                    && retries.merge(finished.id(), 1, Integer::sum) <= RETRIES_AFTER_REFUSAL) {
                deferred.add(new Deferred<>(byId.get(finished.id()),
                        System.nanoTime() + finished.retryAfter().get().toNanos(), finished.result()));
                continue;
            }
            done.put(finished.id(), finished.result());
            for (DesiredResource dependent : dependents.getOrDefault(finished.id(), List.of())) {
                Set<LogicalId> left = waitingOn.get(dependent.id());
                left.remove(finished.id());
                if (left.isEmpty()) {
                    ready.add(dependent);
                }
            }
        }
        // Stopped before their turn came again: what their one run found stands.
        deferred.forEach(d -> done.put(d.resource().id(), d.result()));
        if (interrupted || run.aborted.get()) {
            // As a cycle on one thread would be: the caller sees the interrupt and the cycle as abandoned.
            Thread.currentThread().interrupt();
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
        return done;
    }

    /** The longest chain of dependencies below each resource: 0 for one that depends on nothing. */
    private static Map<LogicalId, Integer> levels(List<DesiredResource> resources, Map<LogicalId, Integer> order) {
        Map<LogicalId, DesiredResource> byId = new HashMap<>();
        resources.forEach(r -> byId.put(r.id(), r));
        Map<LogicalId, Integer> levels = new HashMap<>();
        for (DesiredResource resource : resources) {
            level(resource, byId, levels, new HashSet<>());
        }
        return levels;
    }

    private static int level(DesiredResource resource, Map<LogicalId, DesiredResource> byId,
                             Map<LogicalId, Integer> levels, Set<LogicalId> visiting) {
        Integer known = levels.get(resource.id());
        if (known != null) {
            return known;
        }
        if (!visiting.add(resource.id())) {
            throw new IllegalArgumentException("dependency cycle through " + resource.id());
        }
        int level = 0;
        for (LogicalId dep : resource.dependsOn()) {
            DesiredResource dependency = byId.get(dep);
            if (dependency != null && !dep.equals(resource.id())) {
                level = Math.max(level, level(dependency, byId, levels, visiting) + 1);
            }
        }
        levels.put(resource.id(), level);
        return level;
    }

    /** One run's workers: what they hand back, which threads run them now, and whether one was aborted. */
    private final class Run<R> {
        private final Function<DesiredResource, R> work;
        private final Optional<String> application;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final Set<Thread> running = new HashSet<>();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicBoolean aborted = new AtomicBoolean();
        private final Thread coordinator = Thread.currentThread();

        Run(Function<DesiredResource, R> work, Optional<String> application) {
            this.work = work;
            this.application = application;
        }

        /** On the cycle's thread, so that the carrier captures its state. */
        void start(DesiredResource resource) {
            Runnable task = carrier.carry(() -> events.add(runOne(resource)));
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                // The pool is shutting down with the controller: this one runs here, and the interrupt ends the rest.
                task.run();
            }
        }

        private Finished<R> runOne(DesiredResource resource) {
            Thread self = Thread.currentThread();
            boolean onWorker = self != coordinator;
            if (onWorker) {
                synchronized (running) {
                    if (stopped.get()) {
                        return new Finished<>(resource.id(), resource.kind(), null, null, true, false,
                                Optional.empty());
                    }
                    running.add(self);
                }
            }
            WaitsOf waits = new WaitsOf(resource.kind());
            try {
                R result = onWorker ? TokenWaits.reportingTo(waits, () -> applyWork(resource)) : applyWork(resource);
                boolean abortedHere = onWorker && self.isInterrupted();
                if (abortedHere) {
                    aborted.set(true);
                }
                return new Finished<>(resource.id(), resource.kind(), result, null, abortedHere, true,
                        waits.retryAfter());
            } catch (RuntimeException | Error e) {
                return new Finished<>(resource.id(), resource.kind(), null, e, false, true, Optional.empty());
            } finally {
                if (onWorker) {
                    synchronized (running) {
                        running.remove(self);
                        // An interrupt meant for this cycle must not reach the pool's next task.
                        Thread.interrupted();
                    }
                }
            }
        }

        private R applyWork(DesiredResource resource) {
            return application.isPresent()
                    ? WritingFor.during(application.get(), () -> work.apply(resource))
                    : work.apply(resource);
        }

        /**
         * Tells the coordinator when this worker sleeps for a token, so that it may start another meanwhile; and keeps,
         * for the coordinator, whether the limiter refused a call of this resource's before it wrote anything. Such a
         * run changed nothing, so starting the resource again once the token is within reach is the same as the next
         * pass doing so, only sooner. Used by the worker's thread alone.
         */
        private final class WaitsOf implements TokenWaits.Listener {
            private final ResourceKind kind;
            private boolean wrote;
            private Duration refusedFor;

            WaitsOf(ResourceKind kind) {
                this.kind = kind;
            }

            @Override
            public void waiting(ThrottleBucket bucket, Duration wait) {
                events.add(new Waiting(kind));
            }

            @Override
            public void resumed(ThrottleBucket bucket) {
                events.add(new Resumed(kind));
            }

            @Override
            public void granted(AwsOperation operation) {
                wrote |= operation.access() == AwsOperation.Access.WRITE;
            }

            @Override
            public void refused(ThrottleBucket bucket, Duration neededWait, Duration maxWait) {
                // Back when the token is half the bound away: the wait then fits, with room for others' bookings.
                Duration after = neededWait.minus(maxWait.dividedBy(2));
                refusedFor = refusedFor == null || after.compareTo(refusedFor) > 0 ? after : refusedFor;
            }

            Optional<Duration> retryAfter() {
                return wrote ? Optional.empty() : Optional.ofNullable(refusedFor);
            }
        }

        /** Nothing more starts; what runs is interrupted, so its SDK call ends at once. */
        void stop() {
            synchronized (running) {
                stopped.set(true);
                running.forEach(Thread::interrupt);
            }
        }
    }
}
