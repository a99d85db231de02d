package io.tracefleet.testing;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The seven SDK clients the controller uses, pointed at one endpoint (moto, or an {@link AwsProxy}) with
 * the static credentials test/test. One HTTP connection pool serves them all; close this to free it.
 */
public final class TestAwsClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final EcsClient ecs;
    private final ElasticLoadBalancingV2Client elbv2;
    private final IamClient iam;
    private final Ec2Client ec2;
    private final CloudWatchLogsClient logs;
    private final EcrClient ecr;
    private final StsClient sts;

    private TestAwsClients(URI endpoint, Region region, ClientOverrideConfiguration override) {
        this.http = ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build();
        this.ecs = configure(EcsClient.builder(), endpoint, region, override).build();
        this.elbv2 = configure(ElasticLoadBalancingV2Client.builder(), endpoint, region, override).build();
        this.iam = configure(IamClient.builder(), endpoint, region, override).build();
        this.ec2 = configure(Ec2Client.builder(), endpoint, region, override).build();
        this.logs = configure(CloudWatchLogsClient.builder(), endpoint, region, override).build();
        this.ecr = configure(EcrClient.builder(), endpoint, region, override).build();
        this.sts = configure(StsClient.builder(), endpoint, region, override).build();
    }

    /** Clients with the SDK's own default retries and timeouts, as the controller will have them. */
    public static TestAwsClients of(URI endpoint, Region region) {
        return new TestAwsClients(endpoint, region, ClientOverrideConfiguration.builder().build());
    }

    public static TestAwsClients of(URI endpoint, Region region, ClientOverrideConfiguration override) {
        return new TestAwsClients(endpoint, region, override);
    }

    /**
     * The SDK's standard AWS retry rules (which errors retry, throttling included) with no backoff, so a
     * test sees every retry in the proxy's counts without waiting for them.
     */
    public static ClientOverrideConfiguration immediateRetries(int maxAttempts) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(maxAttempts)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                        .circuitBreakerEnabled(false)
                        .build())
                .build();
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

    public StsClient sts() {
        return sts;
    }

    @Override
    public void close() {
        ecs.close();
        elbv2.close();
        iam.close();
        ec2.close();
        logs.close();
        ecr.close();
        sts.close();
        http.close();
    }

    private <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>>
            B configure(B builder, URI endpoint, Region region, ClientOverrideConfiguration override) {
        return builder.endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(http)
                .overrideConfiguration(override);
    }
}
