package io.tracefleet.desired;

import io.tracefleet.spec.RulePriorities;
import io.tracefleet.spec.TestSpecs;
import io.tracefleet.spec.model.TracedApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Services on one shared load balancer: one load balancer and listener, then a target group and a rule each. */
class SharedLoadBalancerDesiredStateTest {
    static final String SHARED = TestSpecs.withLoadBalancers("""
            edge:
              port: 8000
            """, """
            web:
              image: nginx:1.27
              port: 8080
              env:
                API: ${services.api.url}
                CART_HOST: ${services.cart.endpoint}
              loadBalancer:
                shared: edge
                paths: [/*]
                priority: 50000
            api:
              image: nginx:1.27
              port: 9000
              loadBalancer:
                shared: edge
                paths: [/api/*, /v2/api/*]
                targetGroupName: shop-api-targets
            cart:
              image: nginx:1.27
              port: 8080
              loadBalancer:
                shared: edge
                hosts: [cart.example.com]
            own:
              image: nginx:1.27
              port: 8080
              loadBalancer:
                port: 80
            """);

    @TempDir
    Path dir;

    private DesiredState build() {
        return DesiredStateBuilder.build(TestSpecs.valid(dir, SHARED));
    }

    private static LogicalId id(String value) {
        return LogicalId.of(value);
    }

    @Test
    void oneLoadBalancerAndListenerAnsweringNotFoundToWhatNoRuleMatches() {
        DesiredState state = build();

        assertThat(state.ofKind(ResourceKind.LOAD_BALANCER)).extracting(DesiredResource::physicalName)
                .containsExactlyInAnyOrder("shop-edge-alb", "shop-own-alb");
        DesiredResource listener = state.get(id("load-balancers/edge/listener"));
        assertThat(listener.physicalName()).isEqualTo("shop-edge-alb:8000");
        assertThat(listener.properties()).isEqualTo(ListenerProperties.answering(
                Ref.arn(id("load-balancers/edge/load-balancer")), "HTTP", 8000, 404));
        assertThat(((ListenerProperties) state.get(id("own/listener")).properties()).defaultTargetGroup())
                .as("a service's own load balancer still forwards to it by default")
                .isEqualTo(Ref.arn(id("own/target-group")));
        assertThat(state.find(id("api/load-balancer"))).isEmpty();
        assertThat(state.find(id("api/listener"))).isEmpty();
    }

    @Test
    void eachAttachedServiceGetsItsTargetGroupAndARuleTheEcsServiceWaitsFor() {
        DesiredState state = build();
        TracedApplication spec = TestSpecs.valid(dir, SHARED);
        int apiPriority = RulePriorities.assign(spec.spec().services(), "edge").get("api");

        DesiredResource rule = state.get(id("api/listener-rule"));
        assertThat(rule.kind()).isEqualTo(ResourceKind.LISTENER_RULE);
        assertThat(rule.physicalName()).isEqualTo("shop-edge-alb:8000 priority " + apiPriority);
        assertThat(rule.properties()).isEqualTo(new ListenerRuleProperties(Ref.arn(id("load-balancers/edge/listener")),
                apiPriority, List.of("/api/*", "/v2/api/*"), List.of(), Ref.arn(id("api/target-group"))));
        assertThat(rule.tags()).containsEntry(OwnershipTags.RESOURCE, "api/listener-rule");
        assertThat(state.get(id("api/target-group")).physicalName()).isEqualTo("shop-api-targets");
        assertThat(((ListenerRuleProperties) state.get(id("web/listener-rule")).properties()).priority())
                .as("a priority the spec sets").isEqualTo(50000);
        assertThat(((ListenerRuleProperties) state.get(id("cart/listener-rule")).properties()).hosts())
                .containsExactly("cart.example.com");

        DesiredResource service = state.get(id("api/service"));
        assertThat(service.dependsOn()).contains(id("api/listener-rule"), id("api/target-group"));
        assertThat(((ServiceProperties) service.properties()).loadBalancers()).containsExactly(
                new ServiceProperties.LoadBalancerBinding(Ref.arn(id("api/target-group")), "api", 9000));
        List<LogicalId> order = state.resources().stream().map(DesiredResource::id).toList();
        assertThat(order.indexOf(id("api/listener-rule"))).isGreaterThan(order.indexOf(id("load-balancers/edge/listener")))
                .isLessThan(order.indexOf(id("api/service")));
    }

    @Test
    void endpointIsTheSharedDnsNameAndUrlAddsThePortAndThePathPrefix() {
        DesiredState state = build();
        TaskDefinitionProperties web = (TaskDefinitionProperties) state.get(id("web/task-definition")).properties();

        Template api = web.containers().get(0).environment().get("API");
        assertThat(api.toString()).isEqualTo("http://${load-balancers/edge/load-balancer.dnsName}:8000/api/");
        assertThat(web.containers().get(0).environment().get("CART_HOST").toString())
                .isEqualTo("${load-balancers/edge/load-balancer.dnsName}");
        List<LogicalId> order = state.resources().stream().map(DesiredResource::id).toList();
        assertThat(order.indexOf(id("api/service"))).as("a referenced service is deployed first")
                .isLessThan(order.indexOf(id("web/service")));
        assertThat(DesiredStateBuilder.pathPrefix(List.of("/static/img?.png"))).isEqualTo("/static/img");
        assertThat(DesiredStateBuilder.pathPrefix(List.of("/health"))).isEqualTo("/health");
    }
}
