package io.tracefleet.aws;

import static io.tracefleet.aws.AwsOperation.Access.READ;
import static io.tracefleet.aws.AwsOperation.Access.WRITE;

import java.util.Map;

/**
 * AWS's account-wide throttle buckets, collapsed to one read and one write bucket per service.
 * Where a service has several buckets for one class, the smallest one we know of is used, so
 * staying under it keeps us under all of them.
 */
public final class AwsThrottleLimits {

    private AwsThrottleLimits() {
    }

    private static Map.Entry<ThrottleBucket, BucketLimit> bucket(AwsService service, AwsOperation.Access access,
            double sustainedPerSecond, double burst) {
        return Map.entry(new ThrottleBucket(service, access), new BucketLimit(sustainedPerSecond, burst));
    }

    // @formatter:off
    private static final Map<ThrottleBucket, BucketLimit> DOCUMENTED = Map.ofEntries(
        // "Request throttling for the Amazon ECS API": cluster reads (DescribeClusters) have a
        // 50-token bucket; service reads (DescribeServices) refill at 20/s with a 100 burst. One read
        // bucket serves both here, so it takes the smaller burst.
        bucket(AwsService.ECS,   READ,  20, 50),
        // Conservative: the per-action write table of that page was not at hand.
        bucket(AwsService.ECS,   WRITE,  5, 10),
        // "Request throttling for the ELB API": non-mutating (Describe*) actions refill 10/s, bucket 40.
        bucket(AwsService.ELBV2, READ,  10, 40),
        // Conservative: the mutating-action figures of that page were not at hand.
        bucket(AwsService.ELBV2, WRITE,  3, 10),
        // "Request throttling for the Amazon EC2 API": non-mutating actions such as DescribeHosts
        // refill 20/s, bucket 100.
        bucket(AwsService.EC2,   READ,  20, 100),
        // Conservative for mutating actions (security groups and their rules).
        bucket(AwsService.EC2,   WRITE,  5, 50),
        // IAM publishes no per-action rates; its control plane is small and global, so stay low.
        bucket(AwsService.IAM,   READ,  10, 20),
        bucket(AwsService.IAM,   WRITE,  5, 10),
        // CloudWatch Logs quotas are per action and single-digit TPS for the control plane.
        bucket(AwsService.LOGS,  READ,   5, 10),
        bucket(AwsService.LOGS,  WRITE,  3,  5),
        // Conservative for ECR's per-action control-plane quotas.
        bucket(AwsService.ECR,   READ,  10, 20),
        bucket(AwsService.ECR,   WRITE,  5, 10),
        // STS is only asked GetCallerIdentity, once per start-up or health check.
        bucket(AwsService.STS,   READ,  10, 20),
        bucket(AwsService.STS,   WRITE,  5, 10)
    );
    // @formatter:on

    /** The full account-wide figures; {@link AwsRateLimiter} takes a share of each. */
    public static Map<ThrottleBucket, BucketLimit> documented() {
        return DOCUMENTED;
    }
}
