package io.tracefleet.api;

import io.tracefleet.aws.ApiBudget;
import io.tracefleet.aws.AwsClients;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Facts about the running controller for {@code /status}. The account is asked of STS once and kept after the
 * first answer: credentials do not change account while the process lives, and a status page must not cost a call.
 * The question is asked off the request thread and waited for only briefly, so a slow or dead AWS endpoint leaves
 * the account unknown instead of holding {@code /status} for the SDK's whole timeout and retries.
 */
public final class ControllerInfo {
    private final String version = readVersion();
    private final Instant startedAt;
    private final Clock clock;
    private final String awsBackend;
    private final String region;
    private final Supplier<ApiBudget.Resync> resync;
    private final Supplier<AwsClients> accountClients;
    /** Long enough for a healthy STS to answer the first status request; a status page never waits longer. */
    private static final Duration ACCOUNT_WAIT = Duration.ofSeconds(2);
    private static final Duration ACCOUNT_CALL_TIMEOUT = Duration.ofSeconds(10);
    private final Supplier<String> localAws;
    private volatile String account;
    private CompletableFuture<String> lookup;

    /** @param resync the loop's resync interval now: configured, or stretched to fit the API budget */
    public ControllerInfo(Clock clock, String awsBackend, String region, Supplier<ApiBudget.Resync> resync,
                          Supplier<AwsClients> accountClients) {
        this(clock, awsBackend, region, resync, accountClients, () -> null);
    }

    /** @param localAws the embedded AWS's state for people, or null when AWS is not embedded */
    public ControllerInfo(Clock clock, String awsBackend, String region, Supplier<ApiBudget.Resync> resync,
                          Supplier<AwsClients> accountClients, Supplier<String> localAws) {
        this.localAws = localAws;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.awsBackend = awsBackend;
        this.region = region;
        this.resync = resync;
        this.accountClients = accountClients;
    }

    public String version() {
        return version;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long uptimeSeconds() {
        return Duration.between(startedAt, clock.instant()).toSeconds();
    }

    public String awsBackend() {
        return awsBackend;
    }

    public String region() {
        return region;
    }

    /** Whether the embedded AWS runs, has died, or was restarted; null when AWS is not embedded. */
    public String localAws() {
        return localAws.get();
    }

    public ApiBudget.Resync resync() {
        return resync.get();
    }

    /** The AWS account, or null while AWS has not answered. */
    public String account() {
        String known = account;
        if (known != null) {
            return known;
        }
        try {
            return lookup().get(ACCOUNT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** One question in flight at a time; a failed one is asked again by the next caller. */
    private synchronized CompletableFuture<String> lookup() {
        if (lookup == null || lookup.isCompletedExceptionally()) {
            lookup = CompletableFuture.supplyAsync(() -> {
                String answer = accountClients.get().sts().getCallerIdentity(r -> r.overrideConfiguration(o ->
                        o.apiCallTimeout(ACCOUNT_CALL_TIMEOUT))).account();
                account = answer;
                return answer;
            }, ControllerInfo::daemon);
        }
        return lookup;
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "tracefleet-account-lookup");
        thread.setDaemon(true);
        thread.start();
    }

    private static String readVersion() {
        try (InputStream in = ControllerInfo.class.getResourceAsStream(
                "/META-INF/maven/io.tracefleet/tracefleet-controller/pom.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
