package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.desired.TargetGroupProperties;
import io.tracefleet.diff.Delta;
import io.tracefleet.diff.FieldPath;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;
import java.util.Optional;

/**
 * A target group. Only its health check can change in place; a new protocol, port, target type or VPC means a new
 * target group, which the reconciler brings in through a temporary twin.
 */
public final class TargetGroupHandler implements ResourceHandler<TargetGroupHandler.View> {

    public record View(String protocol, Integer port, String targetType, String vpcId, String healthCheckPath) {
    }

    private static final List<FieldPath> FIXED_AT_CREATION = Stream.of("protocol", "port", "targetType", "vpcId")
            .map(field -> FieldPath.of(View.class, field)).toList();

    @Override
    public ResourceKind kind() {
        return ResourceKind.TARGET_GROUP;
    }

    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        return inRegion(context).named(desired.physicalName());
    }

    /** Asked afresh by name: for a create AWS refused because the name is taken. */
    private static Optional<Observed<View>> describe(String name, CycleContext context) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Optional<TargetGroup> found = AwsErrors.unlessNotFound(() -> elb.describeTargetGroups(
                r -> r.names(name)).targetGroups()).flatMap(list -> list.stream().findFirst());
        return found.flatMap(tg -> ElbTags.of(elb, tg.targetGroupArn()).map(tags -> observed(tg, tags)));
    }

    private record AllTargetGroups() {
    }

    /**
     * Every target group in the region with its tags, by name: listed once a cycle (400 a page, tags 20 a call)
     * for every observe and the prune; this handler's writes keep it current.
     */
    private static ElbInventory<View> inRegion(CycleContext context) {
        return context.memo().get(new AllTargetGroups(), () -> {
            ElasticLoadBalancingV2Client elb = context.aws().elbv2();
            List<TargetGroup> all = new ArrayList<>();
            elb.describeTargetGroupsPaginator(r -> { }).targetGroups().forEach(all::add);
            return ElbInventory.of(elb, all, TargetGroup::targetGroupArn, TargetGroupHandler::observed);
        });
    }

    private static Observed<View> remember(Observed<View> observed, CycleContext context) {
        return inRegion(context).remember(observed);
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        TargetGroupProperties properties = (TargetGroupProperties) desired.properties();
        return new View(properties.protocol(), properties.port(), properties.targetType(),
                context.network().vpcId(properties.vpc()), properties.healthCheckPath());
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        // DuplicateTargetGroupName: one of that name exists with other settings.
        return TakenName.createOrFind(() -> {
            // Repeating a create with identical settings gives back the same target group on AWS, whoever made
            // it: its tags are read, never assumed to be the ones just sent.
            TargetGroup created = context.aws().elbv2().createTargetGroup(r -> r.name(desired.physicalName())
                    .protocol(view.protocol()).port(view.port()).targetType(view.targetType()).vpcId(view.vpcId())
                    .healthCheckPath(view.healthCheckPath()).tags(ElbTags.toSdk(context.ownership().tagsFor(desired))))
                    .targetGroups().get(0);
            Map<String, String> tags = ElbTags.of(context.aws().elbv2(), created.targetGroupArn())
                    .orElseThrow(() -> new NotVisibleYet("target group " + desired.physicalName()
                            + " was created but its tags are not visible yet"));
            return remember(observed(created, tags), context);
        }, () -> describe(desired.physicalName(), context).map(o -> remember(o, context)),
                "target group " + desired.physicalName());
    }

    @Override
    public Optional<String> replacementReason(Delta delta) {
        return FIXED_AT_CREATION.stream().anyMatch(delta::touches)
                ? Optional.of("a target group's protocol, port, target type and VPC are fixed when it is created")
                : Optional.empty();
    }

    @Override
    public Observed<View> update(DesiredResource desired, View view, Observed<View> actual, Delta delta,
                                 CycleContext context) {
        TargetGroup modified = context.aws().elbv2().modifyTargetGroup(r -> r.targetGroupArn(actual.identifier())
                .healthCheckPath(view.healthCheckPath())).targetGroups().get(0);
        return remember(observed(modified, actual.tags()), context);
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        ElbTags.add(context.aws().elbv2(), actual.identifier(), context.ownership().tagsFor(desired));
        Map<String, String> tags = new java.util.HashMap<>(actual.tags());
        tags.putAll(context.ownership().tagsFor(desired));
        remember(new Observed<>(actual.kind(), actual.physicalName(), actual.identifier(), tags, actual.outputs(),
                actual.view()), context);
    }

    /**
     * A target group a listener still forwards to fails with ResourceInUse, which is retryable: prune deletes
     * listeners first, and AWS may take a moment to let go of the target group.
     */
    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        AwsErrors.ignoringNotFound(() -> context.aws().elbv2().deleteTargetGroup(
                r -> r.targetGroupArn(actual.identifier())));
        inRegion(context).deleted(actual);
    }

    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        return inRegion(context).all().stream().filter(o -> o.isClaimedBy(context.application())).toList();
    }

    private static Observed<View> observed(TargetGroup tg, Map<String, String> tags) {
        View view = new View(tg.protocolAsString(), tg.port(), tg.targetTypeAsString(), tg.vpcId(),
                tg.healthCheckPath());
        return new Observed<>(ResourceKind.TARGET_GROUP, tg.targetGroupName(), tg.targetGroupArn(), tags,
                Map.of(Output.ARN, tg.targetGroupArn(), Output.ID, tg.targetGroupName()), view);
    }
}
