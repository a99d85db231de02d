package io.tracefleet.aws;

import static io.tracefleet.aws.AwsOperation.Access.READ;
import static io.tracefleet.aws.AwsOperation.Access.WRITE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * AWS's account-wide request throttle buckets for the actions Tracefleet calls, each with where its figures come
 * from. Most are AWS's published tables; where AWS publishes nothing for an action, the figure is a guess, marked as
 * such ({@link Figure#guess()}) and overridable in configuration ({@code aws.throttleOverrides}).
 *
 * <p>A call may draw from more than one bucket: every ELBv2 action also draws from ELB's account-level bucket
 * shared by all of them. An action outside the table draws from its service's fallback bucket for its class
 * (the category AWS's page puts such actions in, or a guess), so nothing passes unpaced by omission; only
 * DynamoDB, whose data plane is throttled by capacity and not by request rate, has no bucket.
 */
public final class AwsThrottleLimits {

    /** A published page, by its title and address. */
    public record Source(String title, String url) {
    }

    /**
     * @param limit the bucket's refill rate and capacity
     * @param source the page the figures come from, or the page that would have them and does not
     * @param guess empty when the figures are the page's; otherwise why they are a guess
     */
    public record Figure(BucketLimit limit, Source source, Optional<String> guess) {
        public boolean documented() {
            return guess.isEmpty();
        }
    }

    static final Source ECS_PAGE = new Source("Request throttling for the Amazon ECS API",
            "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html");
    static final Source ELB_PAGE = new Source("Request throttling for the Elastic Load Balancing API",
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html");
    static final Source EC2_PAGE = new Source("Request throttling for the Amazon EC2 API",
            "https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html");
    static final Source LOGS_PAGE = new Source("CloudWatch Logs quotas",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html");
    static final Source ECR_PAGE = new Source("Amazon ECR service quotas",
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html");
    static final Source IAM_PAGE = new Source("IAM and AWS STS quotas",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html");

    private final Map<ThrottleBucket, Figure> figures;
    private final Map<AwsOperation, List<ThrottleBucket>> actions;
    private final Map<AwsService, Map<AwsOperation.Access, List<ThrottleBucket>>> fallbacks;

    private AwsThrottleLimits(Map<ThrottleBucket, Figure> figures, Map<AwsOperation, List<ThrottleBucket>> actions,
            Map<AwsService, Map<AwsOperation.Access, List<ThrottleBucket>>> fallbacks) {
        this.figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        this.actions = Map.copyOf(actions);
        this.fallbacks = Map.copyOf(fallbacks);
    }

    private static final AwsThrottleLimits TABLE = build();

    /** The table as AWS publishes it (and the marked guesses). */
    public static AwsThrottleLimits table() {
        return TABLE;
    }

    /** The full account-wide figures; {@link AwsRateLimiter} takes a share of each. */
    public static Map<ThrottleBucket, BucketLimit> documented() {
        return TABLE.limits();
    }

    /** The buckets a call of {@code operation} draws a token from; empty for a service that is not paced. */
    public static List<ThrottleBucket> bucketsOf(AwsOperation operation) {
        return TABLE.bucketsFor(operation);
    }

    public List<ThrottleBucket> bucketsFor(AwsOperation operation) {
        List<ThrottleBucket> named = actions.get(operation);
        if (named != null) {
            return named;
        }
        return fallbacks.getOrDefault(operation.service(), Map.of()).getOrDefault(operation.access(), List.of());
    }

    /** Whether {@code operation} is named in the table rather than paced by its service's fallback. */
    public boolean names(AwsOperation operation) {
        return actions.containsKey(operation);
    }

    public Map<ThrottleBucket, Figure> figures() {
        return figures;
    }

    public Map<ThrottleBucket, BucketLimit> limits() {
        Map<ThrottleBucket, BucketLimit> limits = new LinkedHashMap<>();
        figures.forEach((bucket, figure) -> limits.put(bucket, figure.limit()));
        return Collections.unmodifiableMap(limits);
    }

    /** The buckets by their written name ({@code ecs/service-modify}). */
    public Optional<ThrottleBucket> bucketNamed(String written) {
        return figures.keySet().stream().filter(b -> b.toString().equals(written)).findFirst();
    }

    /**
     * This table with some buckets' figures replaced (an account whose limits AWS raised, or a guess someone has
     * measured). An override names a known bucket; an unknown name is an error that lists the known ones.
     */
    public AwsThrottleLimits withOverrides(Map<String, BucketLimit> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<ThrottleBucket, Figure> changed = new LinkedHashMap<>(figures);
        overrides.forEach((name, limit) -> {
            ThrottleBucket bucket = bucketNamed(name).orElseThrow(() -> new IllegalArgumentException(
                    "aws.throttleOverrides: no throttle bucket named '" + name + "'; the buckets are "
                            + figures.keySet().stream().map(ThrottleBucket::toString).sorted()
                                    .collect(Collectors.joining(", "))));
            Figure was = changed.get(bucket);
            changed.put(bucket, new Figure(limit, was.source(), Optional.of("overridden in configuration")));
        });
        return new AwsThrottleLimits(changed, actions, fallbacks);
    }

    /**
     * Overrides as configuration writes them: {@code bucket=rate:burst} separated by commas, e.g.
     * {@code iam/read=20:40,ecr/write=10:20}. Blank: none.
     */
    public static Map<String, BucketLimit> parseOverrides(String text) {
        Map<String, BucketLimit> overrides = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return overrides;
        }
        for (String part : text.split(",")) {
            String entry = part.trim();
            int eq = entry.indexOf('=');
            int colon = entry.indexOf(':', Math.max(eq, 0));
            if (eq <= 0 || colon < 0) {
                throw new IllegalArgumentException("aws.throttleOverrides: '" + entry
                        + "' is not bucket=rate:burst (e.g. iam/read=20:40)");
            }
            try {
                double rate = Double.parseDouble(entry.substring(eq + 1, colon).trim());
                double burst = Double.parseDouble(entry.substring(colon + 1).trim());
                overrides.put(entry.substring(0, eq).trim(), new BucketLimit(rate, burst));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("aws.throttleOverrides: '" + entry
                        + "' needs a positive rate and burst (bucket=rate:burst): " + e.getMessage(), e);
            }
        }
        return overrides;
    }

    /** One line per bucket: name, rate, burst, and its source or why it is a guess. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        figures.forEach((bucket, figure) -> lines.add(String.format(Locale.ROOT, "%-40s %6s/s burst %5s  %s%s",
                bucket, trim(figure.limit().sustainedPerSecond()), trim(figure.limit().burst()),
                figure.source().title(), figure.guess().map(g -> " (guess: " + g + ")").orElse(""))));
        return lines;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static AwsThrottleLimits build() {
        Builder b = new Builder();

        // ECS: one bucket per API action category (page's table "Request Token Bucket Sizes and Refill Rates").
        ThrottleBucket clusterRead = b.bucket(AwsService.ECS, "cluster-read", 20, 50, ECS_PAGE);
        ThrottleBucket clusterModify = b.bucket(AwsService.ECS, "cluster-modify", 1, 20, ECS_PAGE);
        ThrottleBucket taskDefRead = b.bucket(AwsService.ECS, "task-definition-read", 20, 50, ECS_PAGE);
        ThrottleBucket taskDefModify = b.bucket(AwsService.ECS, "task-definition-modify", 1, 20, ECS_PAGE);
        ThrottleBucket taskDefDelete = b.bucket(AwsService.ECS, "task-definition-deletion", 1, 5, ECS_PAGE);
        ThrottleBucket tagRead = b.bucket(AwsService.ECS, "tag-read", 20, 50, ECS_PAGE);
        ThrottleBucket tagModify = b.bucket(AwsService.ECS, "tag-modify", 10, 20, ECS_PAGE);
        ThrottleBucket serviceRead = b.bucket(AwsService.ECS, "service-read", 20, 100, ECS_PAGE);
        ThrottleBucket serviceModify = b.bucket(AwsService.ECS, "service-modify", 5, 50, ECS_PAGE);
        ThrottleBucket clusterResourceRead = b.bucket(AwsService.ECS, "cluster-resource-read", 20, 100, ECS_PAGE);
        ThrottleBucket ecsOtherRead = b.guess(AwsService.ECS, "other-read", 20, 50, ECS_PAGE,
                "an action outside the page's table: the smallest read category");
        ThrottleBucket ecsOtherWrite = b.guess(AwsService.ECS, "other-write", 1, 5, ECS_PAGE,
                "an action outside the page's table: the smallest modify category");
        b.actions(AwsService.ECS, List.of(clusterRead), "DescribeClusters", "ListClusters");
        b.actions(AwsService.ECS, List.of(clusterModify), "CreateCluster", "DeleteCluster", "UpdateCluster",
                "PutClusterCapacityProviders", "UpdateClusterSettings");
        b.actions(AwsService.ECS, List.of(taskDefRead), "DescribeTaskDefinition", "ListTaskDefinitions",
                "ListTaskDefinitionFamilies");
        b.actions(AwsService.ECS, List.of(taskDefModify), "RegisterTaskDefinition", "DeregisterTaskDefinition");
        b.actions(AwsService.ECS, List.of(taskDefDelete), "DeleteTaskDefinitions");
        b.actions(AwsService.ECS, List.of(tagRead), "ListTagsForResource");
        b.actions(AwsService.ECS, List.of(tagModify), "TagResource", "UntagResource");
        b.actions(AwsService.ECS, List.of(serviceRead), "DescribeServices", "ListServices");
        b.actions(AwsService.ECS, List.of(serviceModify), "CreateService", "DeleteService", "UpdateService");
        b.actions(AwsService.ECS, List.of(clusterResourceRead), "DescribeTasks", "ListTasks",
                "DescribeContainerInstances", "ListContainerInstances", "ListAttributes");
        b.fallback(AwsService.ECS, READ, ecsOtherRead);
        b.fallback(AwsService.ECS, WRITE, ecsOtherWrite);

        // ELB: ELBv2's categories, and on top of them "an account-level throttling limit that is shared across
        // all Elastic Load Balancing API actions" (capacity 40, refill 10/s): every call draws from both.
        ThrottleBucket elbAccount = b.bucket(AwsService.ELBV2, "account", 10, 40, ELB_PAGE);
        ThrottleBucket elbRead = b.bucket(AwsService.ELBV2, "non-mutating", 10, 40, ELB_PAGE);
        ThrottleBucket elbWrite = b.bucket(AwsService.ELBV2, "mutating", 3, 20, ELB_PAGE);
        ThrottleBucket elbHeavy = b.bucket(AwsService.ELBV2, "resource-intensive", 0.2, 10, ELB_PAGE);
        ThrottleBucket elbRegistration = b.bucket(AwsService.ELBV2, "registration", 4, 20, ELB_PAGE);
        b.actions(AwsService.ELBV2, List.of(elbRead, elbAccount), "DescribeAccountLimits",
                "DescribeCapacityReservation", "DescribeListenerAttributes", "DescribeListenerCertificates",
                "DescribeListeners", "DescribeLoadBalancerAttributes", "DescribeLoadBalancers", "DescribeRules",
                "DescribeSSLPolicies", "DescribeTags", "DescribeTargetGroupAttributes", "DescribeTargetGroups",
                "DescribeTargetHealth");
        b.actions(AwsService.ELBV2, List.of(elbWrite, elbAccount), "AddListenerCertificates", "AddTags",
                "CreateListener", "CreateRule", "CreateTargetGroup", "DeleteListener", "DeleteLoadBalancer",
                "DeleteRule", "DeleteTargetGroup", "ModifyCapacityReservation", "ModifyIpPools", "ModifyListener",
                "ModifyListenerAttributes", "ModifyLoadBalancerAttributes", "ModifyRule", "ModifyTargetGroup",
                "ModifyTargetGroupAttributes", "RemoveListenerCertificates", "RemoveTags", "SetIpAddressType",
                "SetRulePriorities", "SetSecurityGroups");
        b.actions(AwsService.ELBV2, List.of(elbHeavy, elbAccount), "CreateLoadBalancer", "SetSubnets");
        b.actions(AwsService.ELBV2, List.of(elbRegistration, elbAccount), "RegisterTargets", "DeregisterTargets");
        // The page: mutating actions are "generally all API actions that are not categorized as non-mutating".
        b.fallback(AwsService.ELBV2, READ, elbRead, elbAccount);
        b.fallback(AwsService.ELBV2, WRITE, elbWrite, elbAccount);

        // EC2: "each API is evaluated individually": a bucket per action, sized by the action's category.
        // Tracefleet always filters DescribeSecurityGroups, so it draws from the standard non-mutating size, not
        // the smaller "unfiltered and unpaginated" one.
        for (String action : List.of("DescribeSecurityGroups", "DescribeSubnets", "DescribeVpcs")) {
            b.actions(AwsService.EC2, List.of(b.bucket(AwsService.EC2, action, 20, 100, EC2_PAGE)), action);
        }
        for (String action : List.of("CreateSecurityGroup", "DeleteSecurityGroup")) {
            b.actions(AwsService.EC2, List.of(b.bucket(AwsService.EC2, action, 5, 50, EC2_PAGE)), action);
        }
        // Resource-intensive actions: the same figures as mutating ones, in buckets of their own.
        for (String action : List.of("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress")) {
            b.actions(AwsService.EC2, List.of(b.bucket(AwsService.EC2, action, 5, 50, EC2_PAGE)), action);
        }
        b.actions(AwsService.EC2, List.of(b.bucket(AwsService.EC2, "CreateTags", 10, 100, EC2_PAGE)), "CreateTags");
        b.fallback(AwsService.EC2, READ, b.guess(AwsService.EC2, "other-non-mutating", 10, 50, EC2_PAGE,
                "actions outside this table share one bucket here (AWS keeps one each) at the "
                        + "unfiltered-and-unpaginated size, the smaller non-mutating one"));
        b.fallback(AwsService.EC2, WRITE, b.guess(AwsService.EC2, "other-mutating", 5, 50, EC2_PAGE,
                "actions outside this table share one bucket here (AWS keeps one each) at the mutating size; "
                        + "some uncategorized actions are smaller"));

        // CloudWatch Logs: per-action TPS quotas. The page gives no burst; a bucket of one second's worth is the
        // reading that never exceeds the quota in any second.
        for (String action : List.of("CreateLogGroup", "DeleteLogGroup", "DescribeLogGroups")) {
            b.actions(AwsService.LOGS, List.of(b.bucket(AwsService.LOGS, action, 5, 5, LOGS_PAGE)), action);
        }
        for (String action : List.of("PutRetentionPolicy", "DeleteRetentionPolicy", "ListTagsForResource",
                "TagResource", "UntagResource")) {
            b.actions(AwsService.LOGS, List.of(b.guess(AwsService.LOGS, action, 5, 5, LOGS_PAGE,
                    "the quotas page lists no rate for this action; the control plane's 5 TPS of "
                            + "CreateLogGroup and DescribeLogGroups")), action);
        }
        b.fallback(AwsService.LOGS, READ, b.guess(AwsService.LOGS, "other-read", 5, 5, LOGS_PAGE,
                "an action outside this table: the control plane's 5 TPS"));
        b.fallback(AwsService.LOGS, WRITE, b.guess(AwsService.LOGS, "other-write", 5, 5, LOGS_PAGE,
                "an action outside this table: the control plane's 5 TPS"));

        // ECR publishes rates only for the image push and pull actions, none for the repository actions used here.
        b.fallback(AwsService.ECR, READ, b.guess(AwsService.ECR, "read", 10, 20, ECR_PAGE,
                "no published rate for DescribeRepositories or ListTagsForResource"));
        b.fallback(AwsService.ECR, WRITE, b.guess(AwsService.ECR, "write", 5, 10, ECR_PAGE,
                "no published rate for CreateRepository, DeleteRepository or TagResource"));
        b.actions(AwsService.ECR, b.fallbackOf(AwsService.ECR, READ), "DescribeRepositories", "ListTagsForResource");
        b.actions(AwsService.ECR, b.fallbackOf(AwsService.ECR, WRITE), "CreateRepository", "DeleteRepository",
                "TagResource");

        // IAM publishes no request rates; its control plane is global to the account, so stay low.
        b.fallback(AwsService.IAM, READ, b.guess(AwsService.IAM, "read", 10, 20, IAM_PAGE,
                "IAM publishes no request rates"));
        b.fallback(AwsService.IAM, WRITE, b.guess(AwsService.IAM, "write", 5, 10, IAM_PAGE,
                "IAM publishes no request rates"));
        b.actions(AwsService.IAM, b.fallbackOf(AwsService.IAM, READ), "GetRole", "GetRolePolicy",
                "ListAttachedRolePolicies", "ListRolePolicies", "ListRoleTags", "ListRoles");
        b.actions(AwsService.IAM, b.fallbackOf(AwsService.IAM, WRITE), "CreateRole", "DeleteRole", "TagRole",
                "AttachRolePolicy", "DetachRolePolicy", "PutRolePolicy", "DeleteRolePolicy", "UpdateAssumeRolePolicy",
                "PassRole");

        // STS is asked only GetCallerIdentity, once per start and health check.
        b.fallback(AwsService.STS, READ, b.guess(AwsService.STS, "read", 10, 20, IAM_PAGE,
                "the page gives no rate for GetCallerIdentity"));
        b.fallback(AwsService.STS, WRITE, b.guess(AwsService.STS, "write", 5, 10, IAM_PAGE,
                "the page gives no rate for these actions"));
        b.actions(AwsService.STS, b.fallbackOf(AwsService.STS, READ), "GetCallerIdentity");
        return new AwsThrottleLimits(b.figures, b.actions, b.fallbacks);
    }

    private static final class Builder {
        final Map<ThrottleBucket, Figure> figures = new LinkedHashMap<>();
        final Map<AwsOperation, List<ThrottleBucket>> actions = new LinkedHashMap<>();
        final Map<AwsService, Map<AwsOperation.Access, List<ThrottleBucket>>> fallbacks = new LinkedHashMap<>();

        ThrottleBucket bucket(AwsService service, String name, double rate, double burst, Source source) {
            return put(service, name, new Figure(new BucketLimit(rate, burst), source, Optional.empty()));
        }

        ThrottleBucket guess(AwsService service, String name, double rate, double burst, Source source,
                String why) {
            return put(service, name, new Figure(new BucketLimit(rate, burst), source, Optional.of(why)));
        }

        private ThrottleBucket put(AwsService service, String name, Figure figure) {
            ThrottleBucket bucket = new ThrottleBucket(service, name);
            if (figures.putIfAbsent(bucket, figure) != null) {
                throw new IllegalStateException("bucket twice in the table: " + bucket);
            }
            return bucket;
        }

        void actions(AwsService service, List<ThrottleBucket> buckets, String... names) {
            for (String name : names) {
                if (actions.put(AwsOperation.of(service, name), List.copyOf(buckets)) != null) {
                    throw new IllegalStateException("action twice in the table: " + service + " " + name);
                }
            }
        }

        void fallback(AwsService service, AwsOperation.Access access, ThrottleBucket... buckets) {
            fallbacks.computeIfAbsent(service, s -> new java.util.EnumMap<>(AwsOperation.Access.class))
                    .put(access, List.of(buckets));
        }

        List<ThrottleBucket> fallbackOf(AwsService service, AwsOperation.Access access) {
            return fallbacks.get(service).get(access);
        }
    }

}
