package io.tracefleet.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded moto, kept running: when its process dies (killed, crashed, out of memory) that is noticed at once
 * through the process's exit, logged once, reported by {@link #state()}, and moto is started again on the same port,
 * so the clients pointed at it reach the new one. What moto held is gone with it; the next pass creates it again.
 * A restart that fails is tried again with a doubling wait, logged once, not on every attempt.
 */
public final class SupervisedLocalAws implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedLocalAws.class);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /**
     * @param running   whether moto's process is alive
     * @param pid       the process serving now, or the one that died
     * @param downSince when it was found dead; null while running
     * @param lastExit  how the last one that died ended; null if none has
     */
    public record State(boolean running, URI endpoint, long pid, int restarts, Instant downSince, String lastExit,
                        Instant lastRestart) {
        public String describe() {
            String restarted = restarts == 0 ? "" : ", restarted " + restarts + " time(s), last at " + lastRestart
                    + " after it " + lastExit;
            return running ? "running at " + endpoint + " (pid " + pid + ")" + restarted
                    : "down since " + downSince + ": moto (pid " + pid + ") " + lastExit + "; restarting it at "
                    + endpoint;
        }
    }

    private final LocalAwsSettings settings;
    private final Duration firstRetry;
    private final Clock clock;
    private final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "local-aws-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile LocalAws current;
    private volatile State state;
    private volatile boolean closing;

    private SupervisedLocalAws(LocalAws first, Duration firstRetry, Clock clock) {
        this.current = first;
        this.settings = first.settings().withPort(first.endpoint().getPort());
        this.firstRetry = firstRetry;
        this.clock = clock;
        this.state = new State(true, first.endpoint(), first.pid(), 0, null, null, null);
        watch(first);
    }

    /** Starts moto and supervises it, restarting it at once when it dies. */
    public static SupervisedLocalAws start(LocalAwsSettings settings) {
        return start(settings, Duration.ZERO, Clock.systemUTC());
    }

    /** @param firstRetry how long after a death the first restart is tried */
    public static SupervisedLocalAws start(LocalAwsSettings settings, Duration firstRetry, Clock clock) {
        return new SupervisedLocalAws(LocalAws.start(settings), firstRetry, clock);
    }

    public LocalAws current() {
        return current;
    }

    public URI endpoint() {
        return state.endpoint();
    }

    public State state() {
        return state;
    }

    private void watch(LocalAws aws) {
        aws.onExit().thenAccept(code -> {
            if (!closing) {
                died(aws, code);
            }
        });
    }

    private void died(LocalAws aws, int exitCode) {
        String exit = exitCode > 128 ? "was killed by signal " + (exitCode - 128) : "exited with code " + exitCode;
        state = new State(false, state.endpoint(), aws.pid(), state.restarts(), clock.instant(), exit,
                state.lastRestart());
        LOG.error("the local AWS (moto, pid {}) {}; restarting it at {}. Everything it held is gone: the next pass "
                + "creates it again", aws.pid(), exit, state.endpoint());
        schedule(firstRetry, true);
    }

    private void schedule(Duration wait, boolean first) {
        if (closing) {
            return;
        }
        restarter.schedule(() -> restart(wait, first), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(Duration waited, boolean first) {
        if (closing) {
            return;
        }
        try {
            LocalAws started = LocalAws.start(settings);
            if (closing) {
                started.close();
                return;
            }
            current = started;
            state = new State(true, state.endpoint(), started.pid(), state.restarts() + 1, null, state.lastExit(),
                    clock.instant());
            LOG.warn("the local AWS is running again at {} (pid {})", started.endpoint(), started.pid());
            watch(started);
        } catch (RuntimeException e) {
            if (first) {
                LOG.error("restarting the local AWS failed ({}); trying again, up to every {} s, without logging "
                        + "each attempt", e.getMessage(), MAX_RETRY.toSeconds());
            }
            Duration next = waited.isZero() ? Duration.ofSeconds(1) : waited.multipliedBy(2);
            schedule(next.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : next, false);
        }
    }

    @Override
    public void close() {
        closing = true;
        restarter.shutdownNow();
        current.close();
    }
}
