package io.tracefleet.api;

import io.tracefleet.aws.ApiBudget;
import io.tracefleet.aws.AwsClients;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Facts about the running controller for {@code /status}. The account is asked of STS once and kept after the
 * first answer: credentials do not change account while the process lives, and a status page must not cost a call.
 */
public final class ControllerInfo {
    private final String version = readVersion();
    private final Instant startedAt;
    private final Clock clock;
    private final String awsBackend;
    private final String region;
    private final Supplier<ApiBudget.Resync> resync;
    private final Supplier<AwsClients> accountClients;
    private volatile String account;

    /** @param resync the loop's resync interval now: configured, or stretched to fit the API budget */
    public ControllerInfo(Clock clock, String awsBackend, String region, Supplier<ApiBudget.Resync> resync,
                          Supplier<AwsClients> accountClients) {
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

    public ApiBudget.Resync resync() {
        return resync.get();
    }

    /** The AWS account, or null while AWS has not answered. */
    public String account() {
        String known = account;
        if (known == null) {
            try {
                known = accountClients.get().sts().getCallerIdentity().account();
                account = known;
            } catch (RuntimeException e) {
                return null;
            }
        }
        return known;
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
