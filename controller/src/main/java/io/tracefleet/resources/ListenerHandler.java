package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.ListenerProperties;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.diff.Delta;
import io.tracefleet.diff.FieldPath;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A listener on a load balancer port, forwarding to one target group by default or, on a shared load balancer,
 * answering a fixed status to what no rule matches. AWS names listeners by ARN only,
 * so its physical name is {@code <load balancer name>:<port>}: a load balancer has at most one listener per port.
 */
public final class ListenerHandler implements ResourceHandler<ListenerHandler.View> {
    private static final FieldPath DEFAULT_ACTION = FieldPath.of(View.class, "defaultAction");
    private static final FieldPath PROTOCOL = FieldPath.of(View.class, "protocol");

    /**
     * @param defaultAction the target group ARN the default action forwards to, or {@code fixed-response:<status>};
     *                      any other default action (several target groups, a redirect) shows as a text that is
     *                      neither, so it is drift rather than unknown
     */
    public record View(String protocol, Integer port, String defaultAction) {
    }

    static final String FIXED_RESPONSE = "fixed-response:";

    @Override
    public ResourceKind kind() {
        return ResourceKind.LISTENER;
    }

    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        ListenerProperties properties = (ListenerProperties) desired.properties();
        TaggedListeners listed = listenersOn(context, context.outputs().resolve(properties.loadBalancer()));
        return listed.listeners().stream()
                .filter(l -> l.port() != null && l.port() == properties.port())
                .findFirst()
                .flatMap(l -> Optional.ofNullable(listed.tags().get(l.listenerArn()))
                        .map(tags -> observed(l, desired.physicalName(), tags)));
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        ListenerProperties properties = (ListenerProperties) desired.properties();
        return new View(properties.protocol(), properties.port(), properties.defaultTargetGroup() == null
                ? FIXED_RESPONSE + properties.fixedResponseStatus()
                : context.outputs().resolve(properties.defaultTargetGroup()));
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        ListenerProperties properties = (ListenerProperties) desired.properties();
        String loadBalancerArn = context.outputs().resolve(properties.loadBalancer());
        try {
            // DuplicateListener: the port is taken by a listener with other settings.
            return TakenName.createOrFind(() -> {
                Listener created = context.aws().elbv2().createListener(r -> r.loadBalancerArn(loadBalancerArn)
                        .protocol(view.protocol()).port(view.port())
                        .defaultActions(actionFor(view.defaultAction()))
                        .tags(ElbTags.toSdk(context.ownership().tagsFor(desired)))).listeners().get(0);
                // A create identical to an existing listener answers with that listener, whoever made it: its tags
                // are read, never assumed to be the ones just sent.
                Map<String, String> tags = ElbTags.of(context.aws().elbv2(), created.listenerArn())
                        .orElseThrow(() -> new NotVisibleYet("listener " + desired.physicalName()
                                + " was created but its tags are not visible yet"));
                return observed(created, desired.physicalName(), tags);
            }, () -> {
                forgetListenersOn(context, loadBalancerArn);
                return observe(desired, context);
            }, "listener " + desired.physicalName());
        } finally {
            // Whatever the answer, the listing this cycle may hold no longer says what the load balancer has.
            forgetListenersOn(context, loadBalancerArn);
        }
    }

    @Override
    public Observed<View> update(DesiredResource desired, View view, Observed<View> actual, Delta delta,
                                 CycleContext context) {
        Listener modified = context.aws().elbv2().modifyListener(r -> {
            r.listenerArn(actual.identifier());
            if (delta.touches(PROTOCOL)) {
                r.protocol(view.protocol());
            }
            if (delta.touches(DEFAULT_ACTION)) {
                r.defaultActions(actionFor(view.defaultAction()));
            }
        }).listeners().get(0);
        forgetListenersOn(context, loadBalancerOf(actual.identifier()));
        return observed(modified, actual.physicalName(), actual.tags());
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        ElbTags.add(context.aws().elbv2(), actual.identifier(), context.ownership().tagsFor(desired));
        forgetListenersOn(context, loadBalancerOf(actual.identifier()));
    }

    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        AwsErrors.ignoringNotFound(() -> context.aws().elbv2().deleteListener(
                r -> r.listenerArn(actual.identifier())));
        forgetListenersOn(context, loadBalancerOf(actual.identifier()));
    }

    /** Only the application's own load balancers can hold its listeners. */
    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        List<Observed<View>> owned = new ArrayList<>();
        for (Observed<LoadBalancerHandler.View> lb : LoadBalancerHandler.owned(context)) {
            TaggedListeners listed = listenersOn(context, lb.identifier());
            Map<String, Map<String, String>> tags = listed.tags();
            listed.listeners().stream()
                    .filter(l -> tags.containsKey(l.listenerArn()))
                    .map(l -> observed(l, physicalName(lb.physicalName(), l.port()), tags.get(l.listenerArn())))
                    .filter(o -> o.isClaimedBy(context.application()))
                    .forEach(owned::add);
        }
        return owned;
    }

    static String physicalName(String loadBalancerName, Integer port) {
        return loadBalancerName + ":" + port;
    }

    /**
     * The one target group the default actions forward to. AWS reports a simple forward both as
     * {@code TargetGroupArn} and as a one-entry {@code ForwardConfig}, or as either alone.
     */
    static String defaultAction(List<Action> actions) {
        if (actions.size() == 1 && actions.get(0).type() == ActionTypeEnum.FIXED_RESPONSE
                && actions.get(0).fixedResponseConfig() != null) {
            return FIXED_RESPONSE + actions.get(0).fixedResponseConfig().statusCode();
        }
        return forwardTarget(actions);
    }

    static String forwardTarget(List<Action> actions) {
        List<String> targets = actions.stream()
                .filter(a -> a.type() == ActionTypeEnum.FORWARD)
                .flatMap(ListenerHandler::targetsOf)
                .distinct()
                .sorted()
                .toList();
        if (targets.size() == 1) {
            return targets.get(0);
        }
        if (targets.isEmpty()) {
            return "(no forward: " + actions.stream().map(Action::typeAsString).collect(Collectors.joining(", "))
                    + ")";
        }
        return "(forward to several: " + String.join(", ", targets) + ")";
    }

    private static Stream<String> targetsOf(Action action) {
        Stream<String> single = Stream.ofNullable(action.targetGroupArn());
        Stream<String> weighted = action.forwardConfig() == null || !action.forwardConfig().hasTargetGroups()
                ? Stream.empty()
                : action.forwardConfig().targetGroups().stream().map(TargetGroupTuple::targetGroupArn);
        return Stream.concat(single, weighted);
    }

    private static Action actionFor(String defaultAction) {
        if (defaultAction.startsWith(FIXED_RESPONSE)) {
            return Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(c -> c
                    .statusCode(defaultAction.substring(FIXED_RESPONSE.length())).contentType("text/plain")).build();
        }
        return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(defaultAction).build();
    }

    /** A memo key: the listeners of one load balancer, as listed once this cycle. */
    private record LoadBalancerListeners(String loadBalancerArn) {
    }

    /** A load balancer's listeners with their tags; a listener gone before its tags were read has none here. */
    record TaggedListeners(List<Listener> listeners, Map<String, Map<String, String>> tags) {
    }

    /**
     * One DescribeListeners and one DescribeTags per load balancer a cycle, shared by each listener's observe, the
     * listeners' prune and the rules' prune (which reads the default actions); asked separately, that was three
     * listings and a tag read per listener. A load balancer that is gone (or not visible yet) has no listeners.
     */
    static TaggedListeners listenersOn(CycleContext context, String loadBalancerArn) {
        return context.memo().get(new LoadBalancerListeners(loadBalancerArn), () -> {
            ElasticLoadBalancingV2Client elb = context.aws().elbv2();
            List<Listener> listeners = AwsErrors.unlessNotFound(() -> {
                List<Listener> all = new ArrayList<>();
                elb.describeListenersPaginator(r -> r.loadBalancerArn(loadBalancerArn)).listeners().forEach(all::add);
                return List.copyOf(all);
            }).orElse(List.of());
            return new TaggedListeners(listeners, listeners.isEmpty() ? Map.of()
                    : Map.copyOf(ElbTags.ofAll(elb, listeners.stream().map(Listener::listenerArn).toList())));
        });
    }

    /** After a write to a load balancer's listeners (or to the load balancer), the rest of the cycle asks afresh. */
    static void forgetListenersOn(CycleContext context, String loadBalancerArn) {
        context.memo().forget(new LoadBalancerListeners(loadBalancerArn));
    }

    /** {@code ...:listener/app/<lb>/<id>/<listener>} is on {@code ...:loadbalancer/app/<lb>/<id>}. */
    static String loadBalancerOf(String listenerArn) {
        String loadBalancer = listenerArn.replace(":listener/", ":loadbalancer/");
        return loadBalancer.substring(0, loadBalancer.lastIndexOf('/'));
    }

    private static Observed<View> observed(Listener listener, String physicalName, Map<String, String> tags) {
        View view = new View(listener.protocolAsString(), listener.port(),
                listener.hasDefaultActions() ? defaultAction(listener.defaultActions()) : null);
        return new Observed<>(ResourceKind.LISTENER, physicalName, listener.listenerArn(), tags,
                Map.of(Output.ARN, listener.listenerArn()), view);
    }
}
