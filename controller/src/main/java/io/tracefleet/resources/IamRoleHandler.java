package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrorKind;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.desired.RoleProperties;
import io.tracefleet.diff.Delta;
import io.tracefleet.diff.FieldPath;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An IAM role with its trust policy, attached managed policies and inline policies. IAM is global, not per
 * region: the same role serves every region, and listing finds the account's roles of all regions' applications,
 * which is why ownership goes by the application tag alone.
 */
public final class IamRoleHandler implements ResourceHandler<IamRoleHandler.View> {
    private static final FieldPath TRUST_POLICY = FieldPath.of(View.class, "trustPolicy");

    /**
     * @param trustPolicy       the assume-role policy, canonical ({@link PolicyJson})
     * @param managedPolicyArns the attached managed policies
     * @param inlinePolicies    inline policy name → canonical document
     */
    public record View(String trustPolicy, Set<String> managedPolicyArns, Map<String, String> inlinePolicies) {
        public View {
            managedPolicyArns = managedPolicyArns == null ? null : Set.copyOf(managedPolicyArns);
            inlinePolicies = inlinePolicies == null ? null : Map.copyOf(inlinePolicies);
        }
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.IAM_ROLE;
    }

    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        IamClient iam = context.aws().iam();
        String name = desired.physicalName();
        try {
            Role role = iam.getRole(r -> r.roleName(name)).role();
            return Optional.of(observed(role, tagMap(role.tags()), new View(PolicyJson.canonical(
                    role.assumeRolePolicyDocument()), attachedPolicies(iam, name), inlinePolicies(iam, name))));
        } catch (RuntimeException e) {
            // Also a role deleted between the calls that read it.
            if (AwsErrors.classify(e) == AwsErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        RoleProperties props = (RoleProperties) desired.properties();
        Map<String, String> inline = new TreeMap<>();
        props.inlinePolicies().forEach((name, document) -> inline.put(name, PolicyJson.canonical(document)));
        return new View(PolicyJson.canonical(props.trustPolicy()), new TreeSet<>(props.managedPolicyArns()), inline);
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        RoleProperties props = (RoleProperties) desired.properties();
        Role role;
        try {
            role = context.aws().iam().createRole(r -> r.roleName(desired.physicalName())
                    .assumeRolePolicyDocument(PolicyJson.toJson(props.trustPolicy()))
                    .tags(tags(context.ownership().tagsFor(desired)))).role();
        } catch (RuntimeException e) {
            if (AwsErrors.classify(e) != AwsErrorKind.ALREADY_EXISTS) {
                throw e;
            }
            return convergeExisting(desired, view, context);
        }
        // The role is new: it has no policies, so everything desired is put, with no read in between (a read
        // right after CreateRole may not see the role yet).
        Observed<View> created = observed(role, context.ownership().tagsFor(desired), new View(view.trustPolicy(), Set.of(), Map.of()));
        try {
            return update(desired, view, created, Delta.between(view, created.view()), context);
        } catch (RuntimeException e) {
            // IAM is eventually consistent: a policy put right after CreateRole can still meet NoSuchEntity.
            if (AwsErrors.classify(e) == AwsErrorKind.NOT_FOUND) {
                throw new NotVisibleYet("role " + desired.physicalName()
                        + " was created but is not visible yet; its policies follow on the next pass ("
                        + AwsErrors.describe(e) + ")");
            }
            throw e;
        }
    }

    /**
     * A role of that name exists though the observation before did not see it: a create that succeeded before a
     * lost answer or a crash. If it is ours, it gets what it lacks; if not, it is left alone.
     */
    private Observed<View> convergeExisting(DesiredResource desired, View view, CycleContext context) {
        Observed<View> existing = observe(desired, context).orElseThrow(() -> new NotVisibleYet(
                "role " + desired.physicalName() + " exists but is not visible yet"));
        if (!context.ownership().proves(existing)) {
            // Not provably ours: returned untouched, and the reconciler reports it rather than calling it created.
            return existing;
        }
        Delta delta = Delta.between(view, existing.view());
        return delta.isEmpty() ? existing : update(desired, view, existing, delta, context);
    }

    @Override
    public Observed<View> update(DesiredResource desired, View view, Observed<View> actual, Delta delta,
                                 CycleContext context) {
        RoleProperties props = (RoleProperties) desired.properties();
        IamClient iam = context.aws().iam();
        String name = actual.physicalName();
        View have = actual.view();
        if (delta.touches(TRUST_POLICY)) {
            iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(PolicyJson.toJson(props.trustPolicy())));
        }
        for (String arn : view.managedPolicyArns()) {
            if (!have.managedPolicyArns().contains(arn)) {
                iam.attachRolePolicy(r -> r.roleName(name).policyArn(arn));
            }
        }
        for (String arn : have.managedPolicyArns()) {
            if (!view.managedPolicyArns().contains(arn)) {
                detach(iam, name, arn);
            }
        }
        view.inlinePolicies().forEach((policy, document) -> {
            if (!document.equals(have.inlinePolicies().get(policy))) {
                iam.putRolePolicy(r -> r.roleName(name).policyName(policy)
                        .policyDocument(PolicyJson.toJson(props.inlinePolicies().get(policy))));
            }
        });
        for (String policy : have.inlinePolicies().keySet()) {
            if (!view.inlinePolicies().containsKey(policy)) {
                deleteInline(iam, name, policy);
            }
        }
        return new Observed<>(actual.kind(), actual.physicalName(), actual.identifier(), actual.tags(),
                actual.outputs(), view);
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        context.aws().iam().tagRole(r -> r.roleName(actual.physicalName()).tags(tags(context.ownership().tagsFor(desired))));
    }

    /** IAM refuses to delete a role that still has policies, so they go first. */
    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        IamClient iam = context.aws().iam();
        String name = actual.physicalName();
        try {
            attachedPolicies(iam, name).forEach(arn -> detach(iam, name, arn));
            inlinePolicies(iam, name).keySet().forEach(policy -> deleteInline(iam, name, policy));
            iam.deleteRole(r -> r.roleName(name));
        } catch (RuntimeException e) {
            if (AwsErrors.classify(e) != AwsErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * ListRoles gives neither tags nor policies, and a role's tags cost a call each on IAM, the account's scarcest
     * reads, so they are asked for only where a prune could follow: not for a role this spec names (it is in use),
     * and only for roles ECS tasks may assume, the only kind Tracefleet makes. An account's service-linked, Lambda
     * and pipeline roles cost nothing a pass. The price: a role of ours whose trust policy was rewritten by hand to
     * leave ECS out, and which then leaves the spec, is not found to prune. The policies of owned roles are not read
     * (pruning needs none of them) and stay unknown (null) in their views.
     *
     * <p>IAM is global, so the listing and each role's tags are the same answer for every application: they are
     * read once a pass ({@link PassMemo}) and shared, rather than once per application, which made a pass's IAM
     * reads grow with the square of the number of applications (each read the tags of all the others' roles). The
     * tags are a claim read this pass, as they were; the proof in them is checked as before by whoever acts on it.
     */
    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        IamClient iam = context.aws().iam();
        Set<String> named = context.desired().ofKind(ResourceKind.IAM_ROLE).stream()
                .map(DesiredResource::physicalName).collect(Collectors.toSet());
        List<Observed<View>> owned = new ArrayList<>();
        for (Role role : rolesEcsTasksMayAssume(context)) {
            if (named.contains(role.roleName())) {
                continue;
            }
            Optional<Map<String, String>> tags = context.pass().get(new RoleTags(role.roleName()), () -> {
                try {
                    return Optional.of(tagMap(iam.listRoleTagsPaginator(r -> r.roleName(role.roleName())).tags()
                            .stream().toList()));
                } catch (RuntimeException e) {
                    if (AwsErrors.classify(e) == AwsErrorKind.NOT_FOUND) {
                        return Optional.empty();
                    }
                    throw e;
                }
            });
            if (tags.isEmpty()) {
                continue;
            }
            Observed<View> observed = observed(role, tags.get(), new View(trustPolicyOf(role), null, null));
            if (observed.isClaimedBy(context.application())) {
                owned.add(observed);
            }
        }
        return owned;
    }

    /** The account's roles that ECS tasks may assume, listed once a pass. */
    private static List<Role> rolesEcsTasksMayAssume(CycleContext context) {
        return context.pass().get(RoleListing.ONCE, () -> context.aws().iam().listRolesPaginator(r -> { }).roles()
                .stream().filter(IamRoleHandler::mayBeTracefleets).toList());
    }

    private enum RoleListing { ONCE }

    private record RoleTags(String roleName) {
    }

    /** Whether a listed role's trust policy may be one Tracefleet wrote; one that cannot be read may be. */
    static boolean mayBeTracefleets(Role role) {
        String trustPolicy;
        try {
            trustPolicy = trustPolicyOf(role);
        } catch (IllegalArgumentException e) {
            return true;
        }
        return trustPolicy == null || trustPolicy.contains("\"" + DesiredStateBuilder.ECS_TASKS_PRINCIPAL + "\"");
    }

    private static String trustPolicyOf(Role role) {
        return role.assumeRolePolicyDocument() == null ? null : PolicyJson.canonical(role.assumeRolePolicyDocument());
    }

    private static Set<String> attachedPolicies(IamClient iam, String role) {
        return iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> inlinePolicies(IamClient iam, String role) {
        Map<String, String> policies = new TreeMap<>();
        for (String policy : iam.listRolePoliciesPaginator(r -> r.roleName(role)).policyNames()) {
            String document = iam.getRolePolicy(r -> r.roleName(role).policyName(policy)).policyDocument();
            policies.put(policy, PolicyJson.canonical(document));
        }
        return policies;
    }

    private static void detach(IamClient iam, String role, String arn) {
        try {
            iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn));
        } catch (RuntimeException e) {
            if (AwsErrors.classify(e) != AwsErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    private static void deleteInline(IamClient iam, String role, String policy) {
        try {
            iam.deleteRolePolicy(r -> r.roleName(role).policyName(policy));
        } catch (RuntimeException e) {
            if (AwsErrors.classify(e) != AwsErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    private static Observed<View> observed(Role role, Map<String, String> tags, View view) {
        return new Observed<>(ResourceKind.IAM_ROLE, role.roleName(), role.arn(), tags,
                Map.of(Output.ARN, role.arn(), Output.ID, role.roleName()), view);
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
