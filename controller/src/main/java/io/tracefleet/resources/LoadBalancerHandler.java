package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.LoadBalancerProperties;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.desired.Vpc;
import io.tracefleet.diff.Delta;
import io.tracefleet.diff.FieldPath;
import io.tracefleet.diff.Health;
import io.tracefleet.diff.HealthVerdict;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** An application load balancer: its type and scheme are fixed at creation, its subnets and security groups not. */
public final class LoadBalancerHandler implements ResourceHandler<LoadBalancerHandler.View> {
    private static final FieldPath SCHEME = FieldPath.of(View.class, "scheme");
    private static final FieldPath SECURITY_GROUP_IDS = FieldPath.of(View.class, "securityGroupIds");
    private static final FieldPath SUBNET_IDS = FieldPath.of(View.class, "subnetIds");
    private static final FieldPath TYPE = FieldPath.of(View.class, "type");

    /**
     * @param state AWS's state code ({@code provisioning}, {@code active}, ...), observed for {@link #health} only.
     *              The desired view leaves it null, which {@link Delta} reads as "not managed", so it can never be
     *              drift. It lives in the view because the view is the only part of an {@link Observed} that is
     *              the handler's own: outputs are what dependents may reference, and a state is nothing to
     *              reference.
     */
    public record View(String type, String scheme, Set<String> subnetIds, Set<String> securityGroupIds,
                       String state) {
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.LOAD_BALANCER;
    }

    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        return inRegion(context).named(desired.physicalName());
    }

    /** Asked afresh by name: for a create AWS refused because the name is taken. */
    private static Optional<Observed<View>> describe(String name, CycleContext context) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Optional<LoadBalancer> found = AwsErrors.unlessNotFound(() -> elb.describeLoadBalancers(
                r -> r.names(name)).loadBalancers()).flatMap(list -> list.stream().findFirst());
        return found.flatMap(lb -> ElbTags.of(elb, lb.loadBalancerArn()).map(tags -> observed(lb, tags)));
    }

    private record AllLoadBalancers() {
    }

    /**
     * Every load balancer in the region with its tags, by name: listed once a cycle (400 a page, tags 20 a call)
     * for every observe, this kind's prune and the listeners' prune; this handler's writes keep it current.
     */
    private static ElbInventory<View> inRegion(CycleContext context) {
        return context.memo().get(new AllLoadBalancers(), () -> {
            ElasticLoadBalancingV2Client elb = context.aws().elbv2();
            List<LoadBalancer> all = new ArrayList<>();
            elb.describeLoadBalancersPaginator(r -> { }).loadBalancers().forEach(all::add);
            return ElbInventory.of(elb, all, LoadBalancer::loadBalancerArn, LoadBalancerHandler::observed);
        });
    }

    private static Observed<View> remember(Observed<View> observed, CycleContext context) {
        return inRegion(context).remember(observed);
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        LoadBalancerProperties properties = (LoadBalancerProperties) desired.properties();
        // Validation accepts default subnets only together with the default VPC, so that is where they are.
        Set<String> subnets = Set.copyOf(context.network().subnetIds(properties.subnets(), Vpc.DEFAULT));
        Set<String> securityGroups = properties.securityGroups().stream().map(context.outputs()::resolve)
                .collect(Collectors.toUnmodifiableSet());
        return new View(properties.type(), properties.scheme(), subnets, securityGroups, null);
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        // DuplicateLoadBalancerName: one of that name exists with other settings.
        return TakenName.createOrFind(() -> {
            // AWS answers a repeated create with identical settings with the existing load balancer, so a create
            // retried after a lost answer does not duplicate it. That also means the answer may be someone else's
            // load balancer, which kept its own tags: they are read, never assumed to be the ones just sent.
            LoadBalancer created = elb.createLoadBalancer(r -> r.name(desired.physicalName()).type(view.type())
                    .scheme(view.scheme()).subnets(view.subnetIds()).securityGroups(view.securityGroupIds())
                    .tags(ElbTags.toSdk(context.ownership().tagsFor(desired)))).loadBalancers().get(0);
            Map<String, String> tags = ElbTags.of(elb, created.loadBalancerArn()).orElseThrow(() -> new NotVisibleYet(
                    "load balancer " + desired.physicalName() + " was created but its tags are not visible yet"));
            return remember(observed(created, tags), context);
        }, () -> describe(desired.physicalName(), context).map(o -> remember(o, context)),
                "load balancer " + desired.physicalName());
    }

    @Override
    public Optional<String> replacementReason(Delta delta) {
        return delta.touches(TYPE) || delta.touches(SCHEME)
                ? Optional.of("a load balancer's type and scheme are fixed when it is created")
                : Optional.empty();
    }

    @Override
    public Observed<View> update(DesiredResource desired, View view, Observed<View> actual, Delta delta,
                                 CycleContext context) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        View current = actual.view();
        Set<String> subnets = current.subnetIds();
        Set<String> securityGroups = current.securityGroupIds();
        if (delta.touches(SUBNET_IDS)) {
            subnets = subnetIds(elb.setSubnets(r -> r.loadBalancerArn(actual.identifier()).subnets(view.subnetIds()))
                    .availabilityZones());
        }
        if (delta.touches(SECURITY_GROUP_IDS)) {
            securityGroups = Set.copyOf(elb.setSecurityGroups(r -> r.loadBalancerArn(actual.identifier())
                    .securityGroups(view.securityGroupIds())).securityGroupIds());
        }
        return remember(new Observed<>(actual.kind(), actual.physicalName(), actual.identifier(), actual.tags(),
                actual.outputs(), new View(current.type(), current.scheme(), subnets, securityGroups,
                current.state())), context);
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        ElbTags.add(context.aws().elbv2(), actual.identifier(), context.ownership().tagsFor(desired));
        Map<String, String> tags = new java.util.HashMap<>(actual.tags());
        tags.putAll(context.ownership().tagsFor(desired));
        remember(new Observed<>(actual.kind(), actual.physicalName(), actual.identifier(), tags, actual.outputs(),
                actual.view()), context);
    }

    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        // AWS deletes the load balancer's listeners with it.
        AwsErrors.ignoringNotFound(() -> context.aws().elbv2().deleteLoadBalancer(
                r -> r.loadBalancerArn(actual.identifier())));
        inRegion(context).deleted(actual);
        ListenerHandler.forgetListenersOn(context, actual.identifier());
    }

    @Override
    public HealthVerdict health(Observed<View> actual) {
        return HealthVerdict.of(healthOf(actual.view().state()));
    }

    static Health healthOf(String state) {
        if (state == null) {
            return Health.UNKNOWN;
        }
        return switch (state) {
            case "provisioning" -> Health.PROGRESSING;
            case "active" -> Health.HEALTHY;
            case "active_impaired", "failed" -> Health.DEGRADED;
            default -> Health.UNKNOWN;
        };
    }

    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        return owned(context);
    }

    /** Every load balancer in the region that carries the application's ownership tags. */
    static List<Observed<View>> owned(CycleContext context) {
        return inRegion(context).all().stream().filter(o -> o.isClaimedBy(context.application())).toList();
    }

    private static Observed<View> observed(LoadBalancer lb, Map<String, String> tags) {
        // A list AWS left out of the answer is unknown (null), not empty: the SDK tells the two apart.
        View view = new View(lb.typeAsString(), lb.schemeAsString(),
                lb.hasAvailabilityZones() ? subnetIds(lb.availabilityZones()) : null,
                lb.hasSecurityGroups() ? Set.copyOf(lb.securityGroups()) : null,
                lb.state() == null ? null : lb.state().codeAsString());
        return new Observed<>(ResourceKind.LOAD_BALANCER, lb.loadBalancerName(), lb.loadBalancerArn(), tags,
                Map.of(Output.ARN, lb.loadBalancerArn(), Output.ID, lb.loadBalancerName(),
                        Output.DNS_NAME, lb.dnsName()), view);
    }

    private static Set<String> subnetIds(List<AvailabilityZone> zones) {
        return zones.stream().map(AvailabilityZone::subnetId).filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }
}
