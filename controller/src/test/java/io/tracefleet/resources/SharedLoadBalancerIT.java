package io.tracefleet.resources;

import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.desired.ListenerRuleProperties;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.local.LocalAws;
import io.tracefleet.reconcile.ApplicationReconciler;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.diff.Drift;
import io.tracefleet.reconcile.ReconcileOptions;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.spec.TestSpecs;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three services on one shared load balancer, driven by the reconciler against moto through the proxy: the load
 * balancer, its listener, a target group and a listener rule per service. The ECS side is not part of it (see
 * {@link ElbHandlersIT}); the security group is made here with EC2.
 */
@ExtendWith(MotoExtension.class)
class SharedLoadBalancerIT {
    private static final Set<ResourceKind> KINDS = Set.of(ResourceKind.SECURITY_GROUP, ResourceKind.LOAD_BALANCER,
            ResourceKind.LISTENER, ResourceKind.TARGET_GROUP, ResourceKind.LISTENER_RULE);
    private static final String SERVICES = """
                web:
                  image: nginx:1.27
                  port: 8080
                  loadBalancer: {shared: edge, paths: [/*], priority: 50000}
                api:
                  image: nginx:1.27
                  port: 9000
                  loadBalancer: {shared: edge, paths: [/api/*, /v2/*]}
                cart:
                  image: nginx:1.27
                  port: 8080
                  loadBalancer: {shared: edge, hosts: [cart.example.com]}
            """;

    @TempDir
    Path dir;
    private AwsFixture fixture;
    private ApplicationReconciler reconciler;

    @BeforeEach
    void start(LocalAws moto) {
        fixture = new AwsFixture(moto);
        reconciler = new ApplicationReconciler(fixture.aws, new ResourceHandlers(List.of(new ExistingSecurityGroup(),
                new LoadBalancerHandler(), new TargetGroupHandler(), new ListenerHandler(),
                new ListenerRuleHandler())), io.tracefleet.testing.TestKeys.KEYS, Clock.systemUTC());
        fixture.aws.ec2().createSecurityGroup(r -> r.groupName("shop-sg").description("shop").vpcId(defaultVpcId())
                .tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP).tags(
                        io.tracefleet.testing.TestKeys.owned("ap-northeast-1",
                                        io.tracefleet.desired.ResourceKind.SECURITY_GROUP, "shop-sg", "shop",
                                        DesiredStateBuilder.SECURITY_GROUP).entrySet().stream()
                                .map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder().key(e.getKey())
                                        .value(e.getValue()).build()).toList())));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private DesiredState desired(String services) {
        DesiredState all = DesiredStateBuilder.build(TestSpecs.valid(dir, """
                apiVersion: tracefleet.io/v1alpha1
                kind: TracedApplication
                metadata:
                  name: shop
                spec:
                  region: ap-northeast-1
                  network:
                    vpc: default
                  loadBalancers:
                    edge: {}
                  services:
                """ + services));
        return new DesiredState(all.application(), all.region(),
                all.resources().stream().filter(r -> KINDS.contains(r.kind())).toList());
    }

    @Test
    void threeServicesConvergeOnOneLoadBalancerThenAnIdleCycleWritesNothing() {
        DesiredState desired = desired(SERVICES);

        CycleResult first = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(first.isSynced()).as(first.outOfSync().toString()).isTrue();
        assertThat(fixture.aws.elbv2().describeLoadBalancers().loadBalancers()).extracting(
                LoadBalancer::loadBalancerName).containsExactly("shop-edge-alb");
        Listener listener = listener();
        assertThat(listener.port()).isEqualTo(80);
        assertThat(listener.defaultActions()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionTypeEnum.FIXED_RESPONSE);
            assertThat(a.fixedResponseConfig().statusCode()).isEqualTo("404");
        });
        Map<String, Rule> rules = rulesByService();
        assertThat(rules).containsOnlyKeys("web", "api", "cart");
        for (String service : List.of("web", "api", "cart")) {
            Rule rule = rules.get(service);
            ListenerRuleProperties wanted = ruleOf(desired, service);
            assertThat(rule.priority()).isEqualTo(String.valueOf(wanted.priority()));
            assertThat(ListenerRuleHandler.valuesOf(rule.conditions(), "path-pattern"))
                    .containsExactlyInAnyOrderElementsOf(wanted.paths());
            assertThat(ListenerRuleHandler.valuesOf(rule.conditions(), "host-header"))
                    .containsExactlyInAnyOrderElementsOf(wanted.hosts());
            assertThat(ListenerHandler.forwardTarget(rule.actions()))
                    .isEqualTo(targetGroupArn("shop-" + service + "-tg"));
        }
        assertThat(rules.get("web").priority()).isEqualTo("50000");

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult second = reconciler.reconcile(desired, ReconcileOptions.applying());

        CallLog idle = fixture.proxy.callsSince(mark);
        assertThat(second.plan().isEmpty()).as(second.plan().toText()).isTrue();
        assertThat(idle.writes()).as("an idle cycle writes nothing: " + idle.byOperation()).isZero();
        assertThat(idle.count("elasticloadbalancing", "DescribeListeners"))
                .as("the listener's observe, the listeners' prune and the rules' prune share one listing").isEqualTo(1);
        assertThat(idle.count("elasticloadbalancing", "DescribeRules")).as("three rules, one listing").isEqualTo(1);
        System.out.printf("shared load balancer, 3 services, idle cycle of the ELBv2 kinds: %d reads %s%n",
                idle.reads(), idle.byOperation());
    }

    @Test
    void rulesEditedOrDeletedOutOfBandAreReportedWithTheirPathsAndHealed() {
        DesiredState desired = desired(SERVICES);
        reconciler.reconcile(desired, ReconcileOptions.applying());
        Map<String, Rule> before = rulesByService();
        fixture.aws.elbv2().modifyRule(r -> r.ruleArn(before.get("api").ruleArn()).conditions(c -> c
                .field("path-pattern").pathPatternConfig(p -> p.values("/elsewhere/*"))));
        fixture.aws.elbv2().setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(before.get("cart").ruleArn())
                .priority(7)));
        fixture.aws.elbv2().deleteRule(r -> r.ruleArn(before.get("web").ruleArn()));

        CallLog.Mark planMark = fixture.proxy.mark();
        CycleResult planned = reconciler.reconcile(desired, ReconcileOptions.planning());

        assertThat(fixture.proxy.callsSince(planMark).writes()).as("a plan writes nothing").isZero();
        Map<String, ResourceStatus> status = byId(planned);
        assertThat(status.get("api/listener-rule").drift()).extracting(Drift::toString)
                .containsExactly("paths: want [/api/*, /v2/*], have [/elsewhere/*]");
        assertThat(status.get("cart/listener-rule").drift()).extracting(Drift::toString)
                .containsExactly("priority: want " + ruleOf(desired, "cart").priority() + ", have 7");
        assertThat(status.get("web/listener-rule").sync()).isEqualTo(SyncState.MISSING);

        CallLog.Mark healMark = fixture.proxy.mark();
        CycleResult healed = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(healed.isSynced()).as(healed.outOfSync().toString()).isTrue();
        assertThat(fixture.proxy.callsSince(healMark).writeCalls()).extracting(AwsCall::operation)
                .as("only the drifted rules are touched")
                .containsExactlyInAnyOrder("ModifyRule", "SetRulePriorities", "CreateRule");
        Map<String, Rule> after = rulesByService();
        assertThat(after.get("api").ruleArn()).isEqualTo(before.get("api").ruleArn());
        assertThat(ListenerRuleHandler.valuesOf(after.get("api").conditions(), "path-pattern"))
                .containsExactlyInAnyOrder("/api/*", "/v2/*");
        assertThat(after.get("cart").priority()).isEqualTo(before.get("cart").priority());
        assertThat(after.get("web").priority()).isEqualTo("50000");
        assertIdle(desired);
    }

    @Test
    void aRuleWithoutOwnershipTagsIsLeftAloneReportedUnmanagedAndOneOnAWantedPriorityIsAConflict() {
        String twoServices = SERVICES.substring(0, SERVICES.indexOf("    cart:"));
        reconciler.reconcile(desired(twoServices), ReconcileOptions.applying());
        DesiredState three = desired(SERVICES);
        int cartPriority = ruleOf(three, "cart").priority();
        String someoneElses = createUnownedRule(cartPriority, "/theirs/*");
        String another = createUnownedRule(3, "/also-theirs/*");

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult result = reconciler.reconcile(three, ReconcileOptions.applying());

        ResourceStatus cart = byId(result).get("cart/listener-rule");
        assertThat(cart.sync()).isEqualTo(SyncState.CONFLICT);
        assertThat(cart.identifier()).isEqualTo(someoneElses);
        assertThat(cart.message()).contains("priority " + cartPriority).contains("without Tracefleet's ownership");
        assertThat(result.resources()).as("the rule elsewhere on the listener is shown, as someone else's")
                .filteredOn(r -> r.sync() == SyncState.UNMANAGED).singleElement().satisfies(theirs -> {
                    assertThat(theirs.identifier()).isEqualTo(another);
                    assertThat(theirs.id().value()).startsWith("unmanaged/listener-rule/").endsWith(" priority 3");
                    assertThat(theirs.message()).contains("Tracefleet did not create").contains("left alone");
                });
        assertThat(fixture.proxy.callsSince(mark).writeCalls()).extracting(AwsCall::operation)
                .as("cart's target group is made; no rule is written or deleted")
                .containsExactly("CreateTargetGroup");
        Map<String, Rule> byArn = rules().stream().collect(Collectors.toMap(Rule::ruleArn, Function.identity()));
        assertThat(byArn).containsKeys(someoneElses, another);
        assertThat(byArn.get(someoneElses).priority()).isEqualTo(String.valueOf(cartPriority));
        assertThat(ListenerRuleHandler.valuesOf(byArn.get(someoneElses).conditions(), "path-pattern"))
                .containsExactly("/theirs/*");
        assertThat(byArn.get(another).priority()).isEqualTo("3");
    }

    @Test
    void aServiceLeavingTheSpecHasItsRuleAndTargetGroupPrunedWhileTheOthersKeepTheirs() {
        reconciler.reconcile(desired(SERVICES), ReconcileOptions.applying());
        Map<String, Rule> before = rulesByService();
        String withoutApi = SERVICES.substring(0, SERVICES.indexOf("    api:"))
                + SERVICES.substring(SERVICES.indexOf("    cart:"));
        DesiredState desired = desired(withoutApi);

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult result = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(result.isSynced()).as(result.outOfSync().toString()).isTrue();
        assertThat(fixture.proxy.callsSince(mark).writeCalls()).extracting(AwsCall::operation)
                .containsExactly("DeleteRule", "DeleteTargetGroup");
        Map<String, Rule> after = rulesByService();
        assertThat(after).containsOnlyKeys("web", "cart");
        for (String kept : List.of("web", "cart")) {
            assertThat(after.get(kept).ruleArn()).isEqualTo(before.get(kept).ruleArn());
            assertThat(after.get(kept).priority()).isEqualTo(before.get(kept).priority());
        }
        assertThat(fixture.aws.elbv2().describeTargetGroups().targetGroups()).extracting(t -> t.targetGroupName())
                .containsExactlyInAnyOrder("shop-web-tg", "shop-cart-tg");
        assertIdle(desired);
    }

    private void assertIdle(DesiredState desired) {
        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult idle = reconciler.reconcile(desired, ReconcileOptions.applying());
        assertThat(idle.isSynced()).as(idle.outOfSync().toString()).isTrue();
        assertThat(fixture.proxy.callsSince(mark).writes()).isZero();
    }

    private String createUnownedRule(int priority, String path) {
        return fixture.aws.elbv2().createRule(r -> r.listenerArn(listener().listenerArn()).priority(priority)
                .conditions(c -> c.field("path-pattern").pathPatternConfig(p -> p.values(path)))
                .actions(a -> a.type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f.statusCode("418")
                        .contentType("text/plain")))).rules().get(0).ruleArn();
    }

    private static ListenerRuleProperties ruleOf(DesiredState desired, String service) {
        DesiredResource rule = desired.get(LogicalId.of(service + "/listener-rule"));
        return (ListenerRuleProperties) rule.properties();
    }

    private static Map<String, ResourceStatus> byId(CycleResult result) {
        return result.resources().stream().collect(Collectors.toMap(r -> r.id().value(), r -> r, (a, b) -> a));
    }

    private Listener listener() {
        String lbArn = fixture.aws.elbv2().describeLoadBalancers(r -> r.names("shop-edge-alb")).loadBalancers()
                .get(0).loadBalancerArn();
        return fixture.aws.elbv2().describeListeners(r -> r.loadBalancerArn(lbArn)).listeners().get(0);
    }

    private List<Rule> rules() {
        return fixture.aws.elbv2().describeRules(r -> r.listenerArn(listener().listenerArn())).rules().stream()
                .filter(r -> !Boolean.TRUE.equals(r.isDefault())).toList();
    }

    /** The application's rules by the service their resource tag names. */
    private Map<String, Rule> rulesByService() {
        return rules().stream()
                .filter(r -> tags(r.ruleArn()).containsKey(OwnershipTags.RESOURCE))
                .collect(Collectors.toMap(r -> tags(r.ruleArn()).get(OwnershipTags.RESOURCE).split("/")[0],
                        Function.identity()));
    }

    private Map<String, String> tags(String arn) {
        return fixture.aws.elbv2().describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private String targetGroupArn(String name) {
        return fixture.aws.elbv2().describeTargetGroups(r -> r.names(name)).targetGroups().get(0).targetGroupArn();
    }

    private String defaultVpcId() {
        return fixture.aws.ec2().describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs()
                .get(0).vpcId();
    }
}
