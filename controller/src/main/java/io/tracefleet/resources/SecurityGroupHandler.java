package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrorKind;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.desired.SecurityGroupProperties;
import io.tracefleet.diff.Delta;
import io.tracefleet.diff.FieldPath;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The application's security group and its inbound rules. Outbound rules are left as AWS makes them (allow all):
 * the spec has nothing to say about them, and whoever changes them meant to.
 */
public final class SecurityGroupHandler implements ResourceHandler<SecurityGroupHandler.View> {
    private static final FieldPath VPC_ID = FieldPath.of(View.class, "vpcId");

    /**
     * The description is not here: AWS cannot change it after creation, and a group whose only difference is its
     * description is not worth replacing (with every load balancer and service that uses it).
     *
     * @param vpcId   the group's VPC; fixed at creation
     * @param ingress every inbound rule, one per source ({@link IngressRules})
     */
    public record View(String vpcId, Set<IngressRules.Rule> ingress) {
        public View {
            ingress = ingress == null ? null : Set.copyOf(ingress);
        }
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.SECURITY_GROUP;
    }

    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        SecurityGroupProperties props = (SecurityGroupProperties) desired.properties();
        String vpcId = context.network().vpcId(props.vpc());
        // Names are unique per VPC only, so the VPC is part of the lookup.
        return context.aws().ec2().describeSecurityGroups(r -> r.filters(
                        filter("group-name", desired.physicalName()), filter("vpc-id", vpcId)))
                .securityGroups().stream()
                .filter(g -> g.groupName().equals(desired.physicalName()))
                .findFirst()
                .map(g -> observed(g, context));
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        SecurityGroupProperties props = (SecurityGroupProperties) desired.properties();
        return new View(context.network().vpcId(props.vpc()), IngressRules.desired(props.ingress()));
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        SecurityGroupProperties props = (SecurityGroupProperties) desired.properties();
        CreateSecurityGroupResponse created;
        try {
            created = context.aws().ec2().createSecurityGroup(r -> r.groupName(desired.physicalName())
                    .description(props.description()).vpcId(view.vpcId())
                    .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(tags(context.ownership().tagsFor(desired)))));
        } catch (RuntimeException e) {
            if (AwsErrors.classify(e) != AwsErrorKind.ALREADY_EXISTS) {
                throw e;
            }
            return convergeExisting(desired, view, context);
        }
        String arn = created.securityGroupArn() != null ? created.securityGroupArn()
                : arn(context, context.aws().sts().getCallerIdentity().account(), created.groupId());
        // A new group has no inbound rules; its rules are authorized by id, without reading it back first (a
        // describe right after the create may not see it yet).
        Observed<View> fresh = new Observed<>(ResourceKind.SECURITY_GROUP, desired.physicalName(), created.groupId(),
                context.ownership().tagsFor(desired), outputs(created.groupId(), arn), new View(view.vpcId(), Set.of()));
        try {
            return update(desired, view, fresh, Delta.between(view, fresh.view()), context);
        } catch (RuntimeException e) {
            // EC2 is eventually consistent: right after the create, the group's id may not be known everywhere.
            if (AwsErrors.classify(e) == AwsErrorKind.NOT_FOUND) {
                throw new NotVisibleYet("security group " + desired.physicalName() + " (" + created.groupId()
                        + ") was created but is not visible yet; its rules follow on the next pass ("
                        + AwsErrors.describe(e) + ")");
            }
            throw e;
        }
    }

    /** A group of that name exists though the observation before missed it: a create whose answer was lost. */
    private Observed<View> convergeExisting(DesiredResource desired, View view, CycleContext context) {
        Observed<View> existing = observe(desired, context).orElseThrow(() -> new NotVisibleYet(
                "security group " + desired.physicalName() + " exists but is not visible yet"));
        if (!context.ownership().proves(existing)) {
            // Not provably ours: returned untouched, and the reconciler reports it rather than calling it created.
            return existing;
        }
        Delta delta = Delta.between(view, existing.view());
        return delta.isEmpty() ? existing : update(desired, view, existing, delta, context);
    }

    /** Authorizes the missing rules and revokes the extra ones; rules that match are not touched. */
    @Override
    public Optional<String> replacementReason(Delta delta) {
        return delta.touches(VPC_ID) ? Optional.of("a security group cannot move to another VPC") : Optional.empty();
    }

    @Override
    public Observed<View> update(DesiredResource desired, View view, Observed<View> actual, Delta delta,
                                 CycleContext context) {
        Ec2Client ec2 = context.aws().ec2();
        String groupId = actual.identifier();
        Set<IngressRules.Rule> missing = new HashSet<>(view.ingress());
        missing.removeAll(actual.view().ingress());
        Set<IngressRules.Rule> extra = new HashSet<>(actual.view().ingress());
        extra.removeAll(view.ingress());
        if (!missing.isEmpty()) {
            authorize(ec2, groupId, missing);
        }
        if (!extra.isEmpty()) {
            revoke(ec2, groupId, extra);
        }
        return new Observed<>(actual.kind(), actual.physicalName(), groupId, actual.tags(), actual.outputs(), view);
    }

    /**
     * One call for all; AWS refuses the whole call when one rule already exists (someone added it meanwhile), and
     * then each rule goes alone so the others still get in.
     */
    private static void authorize(Ec2Client ec2, String groupId, Set<IngressRules.Rule> rules) {
        try {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IngressRules.toAws(rules, groupId)));
        } catch (RuntimeException e) {
            swallow(e, AwsErrorKind.ALREADY_EXISTS);
            if (rules.size() > 1) {
                rules.forEach(rule -> authorize(ec2, groupId, Set.of(rule)));
            }
        }
    }

    /** A rule already revoked by someone else is as good as revoked by us. */
    private static void revoke(Ec2Client ec2, String groupId, Set<IngressRules.Rule> rules) {
        try {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IngressRules.toAws(rules, groupId)));
        } catch (RuntimeException e) {
            swallow(e, AwsErrorKind.NOT_FOUND);
            if (rules.size() > 1) {
                rules.forEach(rule -> revoke(ec2, groupId, Set.of(rule)));
            }
        }
    }

    private static void swallow(RuntimeException e, AwsErrorKind harmless) {
        if (AwsErrors.classify(e) != harmless) {
            throw e;
        }
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        context.aws().ec2().createTags(r -> r.resources(actual.identifier()).tags(tags(context.ownership().tagsFor(desired))));
    }

    /**
     * While the network interfaces of a deleted load balancer or stopped task linger, AWS refuses with
     * DependencyViolation, which is retryable: the next pass tries again.
     */
    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        try {
            context.aws().ec2().deleteSecurityGroup(r -> r.groupId(actual.identifier()));
        } catch (RuntimeException e) {
            swallow(e, AwsErrorKind.NOT_FOUND);
        }
    }

    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        List<Observed<View>> owned = new ArrayList<>();
        context.aws().ec2().describeSecurityGroupsPaginator(r -> r.filters(
                        filter("tag:" + OwnershipTags.APPLICATION, context.application())))
                .securityGroups().forEach(g -> {
                    Observed<View> observed = observed(g, context);
                    if (observed.isClaimedBy(context.application())) {
                        owned.add(observed);
                    }
                });
        return owned;
    }

    private static Observed<View> observed(SecurityGroup group, CycleContext context) {
        String arn = group.securityGroupArn() != null ? group.securityGroupArn()
                : arn(context, group.ownerId(), group.groupId());
        return new Observed<>(ResourceKind.SECURITY_GROUP, group.groupName(), group.groupId(), tagMap(group.tags()),
                outputs(group.groupId(), arn),
                new View(group.vpcId(), IngressRules.actual(group.ipPermissions(), group.groupId())));
    }

    private static Map<Output, String> outputs(String groupId, String arn) {
        return Map.of(Output.ID, groupId, Output.ARN, arn);
    }

    private static String arn(CycleContext context, String ownerId, String groupId) {
        String partition = PartitionMetadata.of(Region.of(context.region())).id();
        return "arn:" + partition + ":ec2:" + context.region() + ":" + ownerId + ":security-group/" + groupId;
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
