package io.tracefleet.setup;

import io.tracefleet.aws.AwsCallLog;
import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsRateLimiter;
import io.tracefleet.aws.RegionalAwsClients;
import io.tracefleet.local.LocalAwsSettings;
import io.tracefleet.local.SupervisedLocalAws;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where AWS is for this process, as {@code aws.endpoint} says: a moto it starts (local), another endpoint, or real
 * AWS. The server and the plan/apply commands open it the same way, so a plan talks to exactly what the server
 * would change.
 */
public final class AwsBackend implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AwsBackend.class);
    /** moto serves every region at one endpoint; this one only names the region in the hint it logs. */
    static final String LOCAL_DEFAULT_REGION = "us-east-1";

    private final RegionalAwsClients clients;
    private final String description;
    private final String accountRegion;
    private final SupervisedLocalAws localAws;

    private AwsBackend(RegionalAwsClients clients, String description, String accountRegion,
                       SupervisedLocalAws localAws) {
        this.clients = clients;
        this.description = description;
        this.accountRegion = accountRegion;
        this.localAws = localAws;
    }

    /** @param limiter null for none */
    public static AwsBackend open(TracefleetConfiguration.AwsSettings aws, AwsCallLog calls, AwsRateLimiter limiter)
            throws IOException {
        return open(aws, calls, limiter, null);
    }

    /**
     * @param limiter null for none
     * @param fence   null for none: the check every write passes before it leaves the process
     */
    public static AwsBackend open(TracefleetConfiguration.AwsSettings aws, AwsCallLog calls, AwsRateLimiter limiter,
                                  software.amazon.awssdk.core.interceptor.ExecutionInterceptor fence)
            throws IOException {
        return open(aws, calls, limiter, fence, null);
    }

    /**
     * @param spans null for none: a span per call, opened before the limiter and told after it, so that the span
     *              holds the limiter's wait
     */
    public static AwsBackend open(TracefleetConfiguration.AwsSettings aws, AwsCallLog calls, AwsRateLimiter limiter,
                                  software.amazon.awssdk.core.interceptor.ExecutionInterceptor fence,
                                  io.tracefleet.tracing.AwsCallSpans spans)
            throws IOException {
        String accountRegion = accountRegion(aws);
        Function<Region, AwsClientSettings> settings;
        String description;
        SupervisedLocalAws moto = null;
        if (aws.isLocal()) {
            moto = startLocalAws(aws, accountRegion);
            URI endpoint = moto.endpoint();
            settings = region -> AwsClientSettings.endpoint(endpoint, region);
            description = "local moto " + moto.current().motoVersion() + " at " + endpoint;
        } else if (aws.isRealAws()) {
            settings = AwsClientSettings::realAws;
            description = "AWS";
        } else {
            URI endpoint = URI.create(aws.getEndpoint());
            settings = region -> AwsClientSettings.endpoint(endpoint, region);
            description = "endpoint " + endpoint;
        }
        // Without a limiter (an emulator that throttles nothing, measured by the bench) calls go out as fast as they come.
        java.util.List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> interceptors =
                new java.util.ArrayList<>();
        if (fence != null) {
            interceptors.add(fence);
        }
        if (spans != null) {
            interceptors.add(spans.opening());
        }
        interceptors.add(calls.interceptor());
        if (limiter != null) {
            interceptors.add(limiter);
        }
        if (spans != null) {
            interceptors.add(spans.closing());
        }
        RegionalAwsClients clients = new RegionalAwsClients(settings.andThen(s -> s.withInterceptors(
                interceptors.toArray(software.amazon.awssdk.core.interceptor.ExecutionInterceptor[]::new))));
        return new AwsBackend(clients, description, accountRegion, moto);
    }

    public RegionalAwsClients clients() {
        return clients;
    }

    /** For people: "local moto 5.2.1 at http://127.0.0.1:…", "endpoint …" or "AWS". */
    public String description() {
        return description;
    }

    /** The embedded AWS, when {@code aws.endpoint} is local. */
    public java.util.Optional<SupervisedLocalAws> localAws() {
        return java.util.Optional.ofNullable(localAws);
    }

    /** The region of calls not tied to a spec, such as the account check. */
    public String accountRegion() {
        return accountRegion;
    }

    @Override
    public void close() {
        clients.close();
        if (localAws != null) {
            localAws.close();
            // moto's log lives as long as this moto: a run leaves nothing behind in the temporary directory.
            try {
                Files.deleteIfExists(localAws.current().settings().logFile());
            } catch (IOException | RuntimeException e) {
                LOG.debug("moto's log could not be removed", e);
            }
        }
    }

    /** The configured region, else (real AWS) the SDK's region chain, else us-east-1. */
    private static String accountRegion(TracefleetConfiguration.AwsSettings aws) {
        if (!aws.getRegion().isEmpty()) {
            return aws.getRegion();
        }
        if (!aws.isRealAws()) {
            return LOCAL_DEFAULT_REGION;
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (RuntimeException e) {
            return LOCAL_DEFAULT_REGION;
        }
    }

    private static SupervisedLocalAws startLocalAws(TracefleetConfiguration.AwsSettings aws, String region)
            throws IOException {
        Path log = Files.createTempFile("tracefleet-moto-", ".log");
        // Also when the controller fails to start (a busy port) and its backend is never closed.
        log.toFile().deleteOnExit();
        SupervisedLocalAws moto = SupervisedLocalAws.start(LocalAwsSettings.defaults(region, log)
                .withPythonCommand(aws.getPython()));
        LOG.info("local AWS (moto {}) at {}; watch it with:\n  {}", moto.current().motoVersion(), moto.endpoint(),
                moto.current().shellExports());
        return moto;
    }
}
