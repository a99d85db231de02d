package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrorKind;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.LogGroupProperties;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.diff.Delta;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A CloudWatch log group. Its logs are data: it is created and its retention managed, but the reconciler prunes
 * it only when the spec asks.
 */
public final class LogGroupHandler implements ResourceHandler<LogGroupHandler.View> {

    /**
     * @param retentionDays days kept; {@link #NEVER_EXPIRE} when AWS keeps logs forever; null in a desired view
     *                      when the spec leaves retention alone
     */
    public record View(Integer retentionDays) {
    }

    /** CloudWatch leaves retentionInDays out for "never expire": that is a value, not an unknown. */
    public static final int NEVER_EXPIRE = 0;

    @Override
    public ResourceKind kind() {
        return ResourceKind.LOG_GROUP;
    }

    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        return Optional.ofNullable(logGroups(context).get(desired.physicalName())).map(LogGroupHandler::untagged);
    }

    /**
     * Logs has no batch form of ListTagsForResource, and it is the one call per group a pass would make: a group
     * that matches its spec is observed without it (see {@link Observed#tagsRead()}). Every write reads them first.
     */
    @Override
    public Observed<View> readTags(Observed<View> actual, CycleContext context) {
        return actual.withTags(tags(actual.identifier(), context));
    }

    private record AllLogGroups() {
    }

    private record Tags(String arn) {
    }

    /**
     * Every log group in the region by name, listed once a cycle (50 a page) for the observes and the prune
     * alike; a group this cycle creates is added by {@link #create}.
     */
    private static Map<String, LogGroup> logGroups(CycleContext context) {
        return context.memo().get(new AllLogGroups(), () -> {
            Map<String, LogGroup> groups = new java.util.concurrent.ConcurrentHashMap<>();
            context.aws().logs().describeLogGroupsPaginator(r -> { }).logGroups()
                    .forEach(g -> groups.put(g.logGroupName(), g));
            return groups;
        });
    }

    /** Asked afresh, for a group just created: the cycle's listing predates it. */
    private static Optional<LogGroup> describe(String name, CycleContext context) {
        // The prefix filter also matches longer names; only the exact one is ours to look at.
        return context.aws().logs().describeLogGroupsPaginator(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name))
                .findFirst();
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        return new View(((LogGroupProperties) desired.properties()).retentionDays());
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        String name = desired.physicalName();
        try {
            context.aws().logs().createLogGroup(r -> r.logGroupName(name).tags(context.ownership().tagsFor(desired)));
        } catch (RuntimeException e) {
            // A create that succeeded before a lost answer (or a crash), or a look-alike made since the observation:
            // what is there is returned untouched, and its proof decides.
            if (AwsErrors.classify(e) != AwsErrorKind.ALREADY_EXISTS) {
                throw e;
            }
            LogGroup existing = describe(name, context).orElseThrow(() -> new NotVisibleYet(
                    "log group " + name + " exists but is not visible yet"));
            logGroups(context).put(name, existing);
            return observed(existing, context);
        }
        if (view.retentionDays() != null) {
            context.aws().logs().putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(view.retentionDays()));
        }
        LogGroup created = describe(name, context).orElseThrow(() -> new NotVisibleYet(
                "log group " + name + " was created but is not visible yet"));
        logGroups(context).put(name, created);
        return observed(created, context);
    }

    @Override
    public Observed<View> update(DesiredResource desired, View view, Observed<View> actual, Delta delta,
                                 CycleContext context) {
        context.aws().logs().putRetentionPolicy(r -> r.logGroupName(actual.physicalName())
                .retentionInDays(view.retentionDays()));
        return actual.withView(view);
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        context.aws().logs().tagResource(r -> r.resourceArn(actual.identifier()).tags(context.ownership().tagsFor(desired)));
        context.memo().forget(new Tags(actual.identifier()));
    }

    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        AwsErrors.ignoringNotFound(() -> context.aws().logs().deleteLogGroup(
                r -> r.logGroupName(actual.physicalName())));
        logGroups(context).remove(actual.physicalName());
    }

    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        List<Observed<View>> owned = new ArrayList<>();
        // A group the spec names is never pruned (it is in use, or not ours): its tags would be a call for nothing.
        Set<String> named = context.desired().ofKind(ResourceKind.LOG_GROUP).stream()
                .map(DesiredResource::physicalName).collect(Collectors.toSet());
        logGroups(context).values().stream().filter(g -> !named.contains(g.logGroupName())).forEach(g -> {
            Observed<View> observed = observed(g, context);
            if (observed.isClaimedBy(context.application())) {
                owned.add(observed);
            }
        });
        return owned;
    }

    private static Observed<View> observed(LogGroup group, CycleContext context) {
        return untagged(group).withTags(tags(arnWithoutWildcard(group), context));
    }

    private static Observed<View> untagged(LogGroup group) {
        String arn = arnWithoutWildcard(group);
        return Observed.withoutTags(ResourceKind.LOG_GROUP, group.logGroupName(), arn,
                Map.of(Output.ARN, arn, Output.ID, group.logGroupName()),
                new View(group.retentionInDays() == null ? NEVER_EXPIRE : group.retentionInDays()));
    }

    /** Asked at most once a cycle per group, whether before a write or for the prune. */
    private static Map<String, String> tags(String arn, CycleContext context) {
        return context.memo().get(new Tags(arn),
                () -> context.aws().logs().listTagsForResource(r -> r.resourceArn(arn)).tags());
    }

    /** DescribeLogGroups gives the ARN with a trailing ":*"; the tagging API wants it without. */
    static String arnWithoutWildcard(LogGroup group) {
        if (group.logGroupArn() != null) {
            return group.logGroupArn();
        }
        String arn = group.arn();
        return arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
    }
}
