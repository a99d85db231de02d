package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.ListenerRuleProperties;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.diff.Delta;
import io.tracefleet.diff.FieldPath;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeRulesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A service's rule on a shared load balancer's listener. AWS gives rules no name, and their priority is what
 * Tracefleet may have to change, so a rule is found by its ownership tags among the listener's rules. Rules without
 * them are someone else's: never changed, never deleted, and one sitting on the priority a service needs is
 * reported as a conflict (the reconciler sees it as an unowned resource of the desired name).
 */
public final class ListenerRuleHandler implements ResourceHandler<ListenerRuleHandler.View> {
    private static final FieldPath FORWARD_TO = FieldPath.of(View.class, "forwardTo");
    private static final FieldPath HOSTS = FieldPath.of(View.class, "hosts");
    private static final FieldPath PATHS = FieldPath.of(View.class, "paths");
    private static final FieldPath PRIORITY = FieldPath.of(View.class, "priority");
    static final String PATH_PATTERN = "path-pattern";
    static final String HOST_HEADER = "host-header";

    /**
     * @param forwardTo the one target group the rule forwards to, or a text that is never an ARN for any other
     *                  action, so it is drift rather than unknown
     */
    public record View(Integer priority, Set<String> paths, Set<String> hosts, String forwardTo) {
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.LISTENER_RULE;
    }

    /**
     * The rule at the desired priority is asked for its tags first: in a cycle without drift it is the one, which
     * keeps the observation at one DescribeRules and one DescribeTags. Only otherwise are all the listener's rules'
     * tags read.
     */
    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        ListenerRuleProperties properties = (ListenerRuleProperties) desired.properties();
        String listenerArn = context.outputs().resolve(properties.listener());
        TaggedRules listed = taggedRules(context, listenerArn);
        List<Rule> rules = listed.rules();
        Map<String, Map<String, String>> tags = listed.tags();
        String wanted = String.valueOf(properties.priority());
        Optional<Rule> atPriority = rules.stream().filter(r -> wanted.equals(r.priority())).findFirst();
        Optional<Observed<View>> ours = rules.stream()
                .filter(r -> isFor(tags.getOrDefault(r.ruleArn(), Map.of()), desired, context))
                .findFirst()
                .map(r -> observed(r, desired.physicalName(), tags.get(r.ruleArn())));
        if (ours.isPresent()) {
            return ours;
        }
        // A rule on our priority that is not provably ours: shown to the reconciler as it is, so it is reported,
        // never written. A rule of this application for another service is moving away in this cycle; creating
        // waits for it.
        return atPriority
                .filter(r -> !context.ownership().proves(ResourceKind.LISTENER_RULE, desired.physicalName(),
                        tags.getOrDefault(r.ruleArn(), Map.of())))
                .map(r -> observed(r, desired.physicalName(), tags.getOrDefault(r.ruleArn(), Map.of())));
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        ListenerRuleProperties properties = (ListenerRuleProperties) desired.properties();
        return new View(properties.priority(), new TreeSet<>(properties.paths()), new TreeSet<>(properties.hosts()),
                context.outputs().resolve(properties.targetGroup()));
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        ListenerRuleProperties properties = (ListenerRuleProperties) desired.properties();
        String listenerArn = context.outputs().resolve(properties.listener());
        Rule created = context.aws().elbv2().createRule(r -> r.listenerArn(listenerArn).priority(view.priority())
                .conditions(conditions(view)).actions(forwardTo(view.forwardTo()))
                .tags(ElbTags.toSdk(context.ownership().tagsFor(desired)))).rules().get(0);
        context.memo().forget(new ListenerRules(listenerArn));
        return observed(created, desired.physicalName(), context.ownership().tagsFor(desired));
    }

    @Override
    public Observed<View> update(DesiredResource desired, View view, Observed<View> actual, Delta delta,
                                 CycleContext context) {
        ElasticLoadBalancingV2Client elb = context.aws().elbv2();
        Rule rule = null;
        if (delta.touches(PATHS) || delta.touches(HOSTS) || delta.touches(FORWARD_TO)) {
            rule = elb.modifyRule(r -> r.ruleArn(actual.identifier()).conditions(conditions(view))
                    .actions(forwardTo(view.forwardTo()))).rules().get(0);
        }
        if (delta.touches(PRIORITY)) {
            rule = elb.setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(actual.identifier())
                    .priority(view.priority()))).rules().get(0);
        }
        context.memo().forget(new ListenerRules(listenerOf(actual.identifier())));
        return rule == null ? actual : observed(rule, desired.physicalName(), actual.tags());
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        ElbTags.add(context.aws().elbv2(), actual.identifier(), context.ownership().tagsFor(desired));
    }

    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        AwsErrors.ignoringNotFound(() -> context.aws().elbv2().deleteRule(r -> r.ruleArn(actual.identifier())));
        context.memo().forget(new ListenerRules(listenerOf(actual.identifier())));
    }

    /**
     * Only the listeners of the application's own load balancers can hold its rules, and only those that answer
     * with a fixed response by default: a listener forwarding by default belongs to one service's own load balancer,
     * where Tracefleet puts no rule, so its rules are not even read.
     */
    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        List<Observed<View>> owned = new ArrayList<>();
        for (Observed<LoadBalancerHandler.View> lb : LoadBalancerHandler.owned(context)) {
            for (Listener listener : ListenerHandler.listenersOn(context, lb.identifier()).listeners()) {
                if (!listener.hasDefaultActions() || !ListenerHandler.defaultAction(listener.defaultActions())
                        .startsWith(ListenerHandler.FIXED_RESPONSE)) {
                    continue;
                }
                TaggedRules listed = taggedRules(context, listener.listenerArn());
                List<Rule> rules = listed.rules();
                Map<String, Map<String, String>> tags = listed.tags();
                String listenerName = ListenerHandler.physicalName(lb.physicalName(), listener.port());
                rules.stream()
                        .filter(r -> OwnershipTags.claims(tags.getOrDefault(r.ruleArn(), Map.of()), context.application()))
                        .map(r -> observed(r, listenerName + Ownership.RULE_PRIORITY + r.priority(),
                                tags.get(r.ruleArn())))
                        .forEach(owned::add);
            }
        }
        return owned;
    }

    /**
     * Rules that claim nothing for the application on the listeners of its own shared load balancers: someone
     * added them by hand, or another tool did. They are read anyway by the prune's listing, so this costs nothing.
     */
    @Override
    public List<Observed<View>> listForeign(CycleContext context) {
        List<Observed<View>> foreign = new ArrayList<>();
        for (Observed<LoadBalancerHandler.View> lb : LoadBalancerHandler.owned(context)) {
            if (!context.ownership().proves(lb)) {
                continue;
            }
            ListenerHandler.TaggedListeners listeners = ListenerHandler.listenersOn(context, lb.identifier());
            for (Listener listener : listeners.listeners()) {
                String listenerName = ListenerHandler.physicalName(lb.physicalName(), listener.port());
                if (!listener.hasDefaultActions() || !ListenerHandler.defaultAction(listener.defaultActions())
                        .startsWith(ListenerHandler.FIXED_RESPONSE)
                        || !context.ownership().proves(ResourceKind.LISTENER, listenerName,
                        listeners.tags().getOrDefault(listener.listenerArn(), Map.of()))) {
                    continue;
                }
                TaggedRules listed = taggedRules(context, listener.listenerArn());
                listed.rules().stream()
                        .filter(r -> !OwnershipTags.claims(listed.tags().getOrDefault(r.ruleArn(), Map.of()),
                                context.application()))
                        .map(r -> observed(r, listenerName + Ownership.RULE_PRIORITY + r.priority(),
                                listed.tags().getOrDefault(r.ruleArn(), Map.of())))
                        .forEach(foreign::add);
            }
        }
        return foreign;
    }

    private static boolean isFor(Map<String, String> tags, DesiredResource desired, CycleContext context) {
        return context.ownership().proves(ResourceKind.LISTENER_RULE, desired.physicalName(), tags)
                && desired.id().equals(LogicalId.of(String.valueOf(tags.get(OwnershipTags.RESOURCE))));
    }

    /** A memo key: the rules of one listener, as listed once this cycle. */
    private record ListenerRules(String listenerArn) {
    }

    /** A listener's rules with their tags. */
    private record TaggedRules(List<Rule> rules, Map<String, Map<String, String>> tags) {
    }

    /**
     * One DescribeRules listing and DescribeTags 20 rules a call, shared by every rule of the listener and by the
     * prune: asking per rule cost two reads per service on a shared load balancer.
     */
    private static TaggedRules taggedRules(CycleContext context, String listenerArn) {
        return context.memo().get(new ListenerRules(listenerArn), () -> {
            ElasticLoadBalancingV2Client elb = context.aws().elbv2();
            List<Rule> rules = rulesOf(elb, listenerArn);
            return new TaggedRules(rules, rules.isEmpty() ? Map.of()
                    : ElbTags.ofAll(elb, rules.stream().map(Rule::ruleArn).toList()));
        });
    }

    /** {@code ...:listener-rule/app/<lb>/<id>/<listener>/<rule>} belongs to {@code ...:listener/app/<lb>/<id>/<listener>}. */
    static String listenerOf(String ruleArn) {
        String listener = ruleArn.replace(":listener-rule/", ":listener/");
        return listener.substring(0, listener.lastIndexOf('/'));
    }

    /**
     * The largest page ELBv2 allows: a listener holds up to 100 rules by default quota, so one page, where the
     * unstated default page (50 on moto) took three calls a cycle for a full shared load balancer.
     */
    private static final int MAX_PAGE = 400;

    /** The listener's rules but its default one (that is the listener's default action); none once it is gone. */
    static List<Rule> rulesOf(ElasticLoadBalancingV2Client elb, String listenerArn) {
        return AwsErrors.unlessNotFound(() -> {
            List<Rule> rules = new ArrayList<>();
            String marker = null;
            do {
                String from = marker;
                DescribeRulesResponse page = elb.describeRules(r -> r.listenerArn(listenerArn).marker(from)
                        .pageSize(MAX_PAGE));
                page.rules().stream().filter(r -> !Boolean.TRUE.equals(r.isDefault())).forEach(rules::add);
                marker = page.nextMarker();
            } while (marker != null);
            return rules;
        }).orElse(List.of());
    }

    private static List<RuleCondition> conditions(View view) {
        List<RuleCondition> conditions = new ArrayList<>();
        if (!view.paths().isEmpty()) {
            conditions.add(RuleCondition.builder().field(PATH_PATTERN)
                    .pathPatternConfig(c -> c.values(view.paths())).build());
        }
        if (!view.hosts().isEmpty()) {
            conditions.add(RuleCondition.builder().field(HOST_HEADER)
                    .hostHeaderConfig(c -> c.values(view.hosts())).build());
        }
        return conditions;
    }

    private static Action forwardTo(String targetGroupArn) {
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn).build();
    }

    /**
     * The values of every condition on one field. AWS answers both in the field's config and, for path and host
     * conditions, in the older top-level {@code Values}; either may be left out.
     */
    static Set<String> valuesOf(List<RuleCondition> conditions, String field) {
        Set<String> values = new TreeSet<>();
        for (RuleCondition condition : conditions) {
            if (!field.equals(condition.field())) {
                continue;
            }
            if (condition.hasValues()) {
                values.addAll(condition.values());
            }
            if (PATH_PATTERN.equals(field) && condition.pathPatternConfig() != null
                    && condition.pathPatternConfig().hasValues()) {
                values.addAll(condition.pathPatternConfig().values());
            }
            if (HOST_HEADER.equals(field) && condition.hostHeaderConfig() != null
                    && condition.hostHeaderConfig().hasValues()) {
                values.addAll(condition.hostHeaderConfig().values());
            }
        }
        return values;
    }

    /** A condition on any other field (headers, methods, source IPs) is not Tracefleet's and shows as drift. */
    private static Set<String> foreignConditions(List<RuleCondition> conditions) {
        Set<String> fields = new TreeSet<>();
        conditions.stream().map(RuleCondition::field)
                .filter(f -> !PATH_PATTERN.equals(f) && !HOST_HEADER.equals(f))
                .forEach(fields::add);
        return fields;
    }

    private static Observed<View> observed(Rule rule, String physicalName, Map<String, String> tags) {
        List<RuleCondition> conditions = rule.hasConditions() ? rule.conditions() : List.of();
        Set<String> paths = valuesOf(conditions, PATH_PATTERN);
        foreignConditions(conditions).forEach(f -> paths.add("(condition on " + f + ")"));
        Integer priority = rule.priority() == null ? null : Integer.valueOf(rule.priority());
        View view = new View(priority, paths, valuesOf(conditions, HOST_HEADER),
                rule.hasActions() ? ListenerHandler.forwardTarget(rule.actions()) : null);
        return new Observed<>(ResourceKind.LISTENER_RULE, physicalName, rule.ruleArn(), tags,
                Map.of(Output.ARN, rule.ruleArn()), view);
    }
}
