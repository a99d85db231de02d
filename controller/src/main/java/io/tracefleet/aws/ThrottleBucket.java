package io.tracefleet.aws;

import java.util.Objects;

/**
 * One of AWS's per-account, per-Region throttle buckets: a category of actions that share one token bucket
 * (ECS's "Service modify actions", ELB's "Mutating actions"), or one action where AWS keeps a bucket per action
 * (EC2, CloudWatch Logs). Its name is written {@code service/name}, e.g. {@code ecs/service-modify}, which is
 * how configuration overrides it. {@link AwsThrottleLimits#bucketsOf} says which buckets a call draws from.
 */
public record ThrottleBucket(AwsService service, String name) {

    public ThrottleBucket {
        Objects.requireNonNull(service, "service");
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("a bucket name is a non-blank word without '/': " + name);
        }
    }

    @Override
    public String toString() {
        return service.iamPrefix() + "/" + name;
    }
}
