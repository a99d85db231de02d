package io.tracefleet.resources;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.diff.Delta;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the example's task definitions and services stand on, made with the SDK straight at moto: the two roles,
 * the security group, an ALB, target group and listener per service, and the ECR repositories. Their handlers are
 * written elsewhere, so here each of those kinds gets a stand-in that only observes what this class created and
 * hands on its real ARNs, ids and DNS names. Clusters and log groups go through their real handlers.
 */
final class EcsWorld {
    private final Map<String, Map<Output, String>> outputsByName = new HashMap<>();

    EcsWorld(AwsClients aws, DesiredState seed) {
        for (DesiredResource r : seed.resources()) {
            switch (r.kind()) {
                case IAM_ROLE -> {
                    String arn = aws.iam().createRole(b -> b.roleName(r.physicalName())
                            .assumeRolePolicyDocument(TRUST_ECS_TASKS)).role().arn();
                    put(r, Map.of(Output.ARN, arn, Output.ID, r.physicalName()));
                }
                case SECURITY_GROUP -> {
                    String vpc = aws.ec2().describeVpcs(b -> b.filters(Filter.builder().name("is-default")
                            .values("true").build())).vpcs().get(0).vpcId();
                    String id = aws.ec2().createSecurityGroup(b -> b.groupName(r.physicalName())
                            .description("test").vpcId(vpc)).groupId();
                    put(r, Map.of(Output.ID, id, Output.ARN, id));
                }
                case ECR_REPOSITORY -> {
                    var repository = aws.ecr().createRepository(b -> b.repositoryName(r.physicalName())).repository();
                    put(r, Map.of(Output.ARN, repository.repositoryArn(), Output.ID, r.physicalName(),
                            Output.REPOSITORY_URI, repository.repositoryUri()));
                }
                case LOAD_BALANCER -> {
                    List<String> subnets = aws.ec2().describeSubnets(b -> b.filters(Filter.builder()
                            .name("default-for-az").values("true").build())).subnets().stream()
                            .map(Subnet::subnetId).limit(2).toList();
                    LoadBalancer lb = aws.elbv2().createLoadBalancer(b -> b.name(r.physicalName()).subnets(subnets))
                            .loadBalancers().get(0);
                    put(r, Map.of(Output.ARN, lb.loadBalancerArn(), Output.ID, lb.loadBalancerName(),
                            Output.DNS_NAME, lb.dnsName()));
                }
                case TARGET_GROUP -> {
                    String vpc = aws.ec2().describeVpcs(b -> b.filters(Filter.builder().name("is-default")
                            .values("true").build())).vpcs().get(0).vpcId();
                    String arn = aws.elbv2().createTargetGroup(b -> b.name(r.physicalName()).protocol("HTTP")
                            .port(8080).targetType("ip").vpcId(vpc)).targetGroups().get(0).targetGroupArn();
                    put(r, Map.of(Output.ARN, arn, Output.ID, r.physicalName()));
                }
                case LISTENER -> {
                    // Declared after its load balancer and target group, so both exist by now.
                    String lbName = r.physicalName().substring(0, r.physicalName().indexOf(':'));
                    String service = r.id().value().substring(0, r.id().value().indexOf('/'));
                    String lbArn = outputsByName.get(lbName).get(Output.ARN);
                    String tgArn = seed.ofKind(ResourceKind.TARGET_GROUP).stream()
                            .filter(tg -> tg.id().value().startsWith(service + "/"))
                            .map(tg -> outputsByName.get(tg.physicalName()).get(Output.ARN)).findFirst().orElseThrow();
                    String arn = aws.elbv2().createListener(b -> b.loadBalancerArn(lbArn).protocol("HTTP").port(80)
                            .defaultActions(a -> a.type("forward").targetGroupArn(tgArn))).listeners().get(0)
                            .listenerArn();
                    put(r, Map.of(Output.ARN, arn, Output.ID, arn));
                }
                default -> {
                }
            }
        }
    }

    private static final String TRUST_ECS_TASKS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private void put(DesiredResource resource, Map<Output, String> outputs) {
        outputsByName.put(resource.physicalName(), outputs);
    }

    String output(String physicalName, Output output) {
        return outputsByName.get(physicalName).get(output);
    }

    /** The real handlers of the kinds this suite tests, and stand-ins for the ones made here. */
    ResourceHandlers handlers() {
        List<ResourceHandler<?>> handlers = new ArrayList<>(List.of(new ClusterHandler(), new LogGroupHandler(),
                new TaskDefinitionHandler(), new EcsServiceHandler()));
        for (ResourceKind kind : List.of(ResourceKind.IAM_ROLE, ResourceKind.SECURITY_GROUP,
                ResourceKind.ECR_REPOSITORY, ResourceKind.LOAD_BALANCER, ResourceKind.TARGET_GROUP,
                ResourceKind.LISTENER)) {
            handlers.add(new Existing(kind));
        }
        return new ResourceHandlers(handlers);
    }

    /** Observes a resource made by {@link EcsWorld}; never creates, changes or lists anything. */
    private final class Existing implements ResourceHandler<Existing.View> {
        record View() {
        }

        private final ResourceKind kind;

        Existing(ResourceKind kind) {
            this.kind = kind;
        }

        @Override
        public ResourceKind kind() {
            return kind;
        }

        @Override
        public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
            Map<Output, String> outputs = outputsByName.get(desired.physicalName());
            return Optional.ofNullable(outputs).map(o -> new Observed<>(kind, desired.physicalName(),
                    o.getOrDefault(Output.ARN, o.get(Output.ID)), context.ownership().tagsFor(desired), o,
                    new View()));
        }

        @Override
        public View desiredView(DesiredResource desired, CycleContext context) {
            return new View();
        }

        @Override
        public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
            throw new IllegalStateException(desired.physicalName() + " is made by the test, not by a cycle");
        }

        @Override
        public Observed<View> update(DesiredResource desired, View view, Observed<View> actual, Delta delta,
                                     CycleContext context) {
            return actual;
        }

        @Override
        public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        }

        @Override
        public void delete(Observed<View> actual, CycleContext context) {
            throw new IllegalStateException("stand-ins list nothing, so nothing of theirs is pruned");
        }

        @Override
        public List<Observed<View>> listOwned(CycleContext context) {
            return List.of();
        }
    }
}
