package io.tracefleet.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS SDK clients Tracefleet uses, one per service, all on one Apache HTTP client (one
 * connection pool, built once, closed once) and all with the same timeouts, retries and
 * interceptors. Clients are thread-safe; share one {@code AwsClients} per process.
 *
 * <pre>{@code
 * AwsCallLog calls = new AwsCallLog();
 * AwsRateLimiter limiter = AwsRateLimiter.withDefaults();
 * try (AwsClients aws = AwsClients.create(AwsClientSettings.realAws(Region.EU_WEST_1)
 *         .withInterceptors(calls.interceptor(), limiter))) {
 *     aws.ecs().describeClusters(r -> r.clusters("tracefleet"));
 * } catch (SdkException e) {
 *     if (AwsErrors.classify(e) == AwsErrorKind.NOT_FOUND) { ... }
 *     log.warn(AwsErrors.describe(e));
 * }
 * }</pre>
 */
public final class AwsClients implements AutoCloseable {

    /** Emulators accept any key; these are what they conventionally expect. */
    private static final AwsCredentialsProvider EMULATOR_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final SdkHttpClient httpClient;
    private final Optional<SdkAutoCloseable> ownedCredentials;
    private final Region region;
    private final EcsClient ecs;
    private final ElasticLoadBalancingV2Client elbv2;
    private final IamClient iam;
    private final Ec2Client ec2;
    private final CloudWatchLogsClient logs;
    private final EcrClient ecr;
    private final StsClient sts;
    private final software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamodb;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AwsClients(AwsClientSettings settings) {
        this.region = settings.region().orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
        AwsCredentialsProvider credentials;
        if (settings.credentials().isPresent()) {
            credentials = settings.credentials().get();
            ownedCredentials = Optional.empty();
        } else if (settings.endpointOverride().isPresent()) {
            credentials = EMULATOR_CREDENTIALS;
            ownedCredentials = Optional.empty();
        } else {
            // One chain for all clients, so credentials are looked up and refreshed once.
            DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
            credentials = chain;
            ownedCredentials = Optional.of(chain);
        }
        AwsClientSettings.Timeouts timeouts = settings.timeouts();
        this.httpClient = ApacheHttpClient.builder()
                .connectionTimeout(timeouts.connect())
                .connectionAcquisitionTimeout(timeouts.connect())
                .socketTimeout(timeouts.read())
                .build();
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(timeouts.apiCall())
                .apiCallAttemptTimeout(timeouts.apiCallAttempt())
                .retryStrategy(retryStrategy(settings.retry()))
                .addExecutionInterceptor(new AwsCallSite.Interceptor());
        settings.interceptors().forEach(override::addExecutionInterceptor);
        Wiring wiring = new Wiring(settings, httpClient, credentials, override.build());

        this.ecs = wiring.build(EcsClient.builder(), region);
        this.elbv2 = wiring.build(ElasticLoadBalancingV2Client.builder(), region);
        this.iam = wiring.build(IamClient.builder(), iamSigningRegion(region));
        this.ec2 = wiring.build(Ec2Client.builder(), region);
        this.logs = wiring.build(CloudWatchLogsClient.builder(), region);
        this.ecr = wiring.build(EcrClient.builder(), region);
        this.sts = wiring.build(StsClient.builder(), region);
        this.dynamodb = wiring.build(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder(), region);
    }

    public static AwsClients create(AwsClientSettings settings) {
        return new AwsClients(settings);
    }

    /**
     * IAM is global: one endpoint per partition, signed for that partition's home Region, whatever
     * Region the rest of the controller works in. Using that Region for the IAM client makes the
     * SDK pick the global endpoint on real AWS and sign correctly against an endpoint override.
     * Partitions not listed here (e.g. the isolated ones) keep the configured Region.
     */
    static Region iamSigningRegion(Region configured) {
        return switch (PartitionMetadata.of(configured).id()) {
            case "aws" -> Region.US_EAST_1;
            case "aws-cn" -> Region.CN_NORTH_1;
            case "aws-us-gov" -> Region.US_GOV_WEST_1;
            default -> configured;
        };
    }

    private static RetryStrategy retryStrategy(AwsClientSettings.RetrySettings retry) {
        // The SDK refuses a zero base delay; zero here means retrying at once (tests that count retries use it).
        BackoffStrategy backoff = retry.baseDelay().isZero() ? BackoffStrategy.retryImmediately()
                : BackoffStrategy.exponentialDelay(retry.baseDelay(), retry.maxBackoff());
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(retry.maxAttempts())
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .build();
    }

    public Region region() {
        return region;
    }

    public EcsClient ecs() {
        return ecs;
    }

    public ElasticLoadBalancingV2Client elbv2() {
        return elbv2;
    }

    public IamClient iam() {
        return iam;
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public CloudWatchLogsClient logs() {
        return logs;
    }

    public EcrClient ecr() {
        return ecr;
    }

    /** For the controller's own lease (leader election), not for anything it manages. */
    public software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamodb() {
        return dynamodb;
    }

    public StsClient sts() {
        return sts;
    }

    /** Closes the service clients, then the shared HTTP client and credential chain. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<SdkAutoCloseable> all = new ArrayList<>(List.of(ecs, elbv2, iam, ec2, logs, ecr, sts, dynamodb, httpClient));
        ownedCredentials.ifPresent(all::add);
        RuntimeException failure = null;
        for (SdkAutoCloseable closeable : all) {
            try {
                closeable.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** What every client gets, whichever its service. */
    private record Wiring(AwsClientSettings settings, SdkHttpClient httpClient, AwsCredentialsProvider credentials,
            ClientOverrideConfiguration override) {

        <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Region region) {
            builder.region(region)
                    .credentialsProvider(credentials)
                    .overrideConfiguration(override)
                    .httpClient(httpClient);
            settings.endpointOverride().ifPresent(builder::endpointOverride);
            return builder.build();
        }
    }
}
