package io.tracefleet.aws;

import java.util.Objects;

/** One of AWS's per-account, per-Region throttle buckets, as this client models them. */
public record ThrottleBucket(AwsService service, AwsOperation.Access access) {

    public ThrottleBucket {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(access, "access");
    }

    public static ThrottleBucket of(AwsOperation operation) {
        return new ThrottleBucket(operation.service(), operation.access());
    }

    @Override
    public String toString() {
        return service.iamPrefix() + "/" + access.name().toLowerCase(java.util.Locale.ROOT);
    }
}
