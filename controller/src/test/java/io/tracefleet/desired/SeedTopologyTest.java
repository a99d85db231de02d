package io.tracefleet.desired;

import io.tracefleet.spec.TestSpecs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** specs/xray-demo.yaml reproduces the seed topology (shared/seed-topology.md) resource by resource. */
class SeedTopologyTest {
    private static DesiredState state;

    @BeforeAll
    static void build() {
        state = DesiredStateBuilder.build(TestSpecs.seedExample());
    }

    private static DesiredResource resource(String id) {
        return state.get(LogicalId.of(id));
    }

    @Test
    void everySeedResourceIsThereWithTheSeedsName() {
        assertThat(state.application()).isEqualTo("xray-fargate");
        assertThat(state.region()).isEqualTo("ap-northeast-1");
        assertThat(state.resources()).extracting(r -> r.kind() + " " + r.physicalName()).containsExactlyInAnyOrder(
                "ecs-cluster xray-fargate",
                "iam-role xray-fargate-taskrole",
                "iam-role xray-fargate-ecsTaskExecutionRole",
                "security-group xray-fargate-sg",
                "load-balancer xray-fargate-b-alb",
                "target-group xray-fargate-b-tg",
                "listener xray-fargate-b-alb:80",
                "ecr-repository service-b",
                "log-group /ecs/service-b",
                "task-definition service-b",
                "ecs-service service-b",
                "load-balancer xray-fargate-a-alb",
                "target-group xray-fargate-a-tg",
                "listener xray-fargate-a-alb:80",
                "ecr-repository service-a",
                "log-group /ecs/service-a",
                "task-definition service-a",
                "ecs-service service-a");
    }

    @Test
    void rolesTrustEcsTasksAndGrantWhatTheSeedGranted() {
        PolicyDocument trust = PolicyDocument.trusting("ecs-tasks.amazonaws.com");
        RoleProperties taskRole = (RoleProperties) resource("roles/task-role").properties();
        assertThat(taskRole.trustPolicy()).isEqualTo(trust);
        assertThat(taskRole.trustPolicy().statements().get(0).actions()).containsExactly("sts:AssumeRole");
        PolicyDocument xray = taskRole.inlinePolicies().get("xray-fargate-task-policy");
        assertThat(xray.statements()).singleElement().satisfies(s -> {
            assertThat(s.effect()).isEqualTo("Allow");
            assertThat(s.actions()).contains("xray:PutTraceSegments", "xray:PutTelemetryRecords",
                    "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries");
            assertThat(s.resources()).containsExactly("*");
        });

        RoleProperties executionRole = (RoleProperties) resource("roles/execution-role").properties();
        assertThat(executionRole.trustPolicy()).isEqualTo(trust);
        assertThat(executionRole.managedPolicyArns())
                .containsExactly("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
    }

    @Test
    void securityGroupOpensPort80AndAllTrafficFromItself() {
        SecurityGroupProperties sg = (SecurityGroupProperties) resource("network/security-group").properties();
        assertThat(sg.vpc().isDefault()).isTrue();
        assertThat(sg.ingress()).containsExactly(
                SecurityGroupProperties.Permission.fromCidr("tcp", 80, "0.0.0.0/0"),
                SecurityGroupProperties.Permission.allTrafficFromSelf());
    }

    @Test
    void eachServiceHasAnInternetFacingAlbWithAnIpTargetGroupAndAnHttp80Listener() {
        for (String service : List.of("service-a", "service-b")) {
            LoadBalancerProperties lb = (LoadBalancerProperties) resource(service + "/load-balancer").properties();
            assertThat(lb.type()).isEqualTo("application");
            assertThat(lb.scheme()).isEqualTo("internet-facing");
            assertThat(lb.subnets().isDefault()).isTrue();
            assertThat(lb.securityGroups()).containsExactly(Ref.id(LogicalId.of("network/security-group")));

            TargetGroupProperties tg = (TargetGroupProperties) resource(service + "/target-group").properties();
            assertThat(tg).isEqualTo(new TargetGroupProperties("HTTP", 8080, "ip", Vpc.DEFAULT, "/health"));

            ListenerProperties listener = (ListenerProperties) resource(service + "/listener").properties();
            assertThat(listener).isEqualTo(new ListenerProperties(Ref.arn(LogicalId.of(service + "/load-balancer")),
                    "HTTP", 80, Ref.arn(LogicalId.of(service + "/target-group"))));
        }
    }

    @Test
    void taskDefinitionsRunTheServiceAndAnXrayDaemonLoggingInTheSpecsRegion() {
        for (String service : List.of("service-a", "service-b")) {
            TaskDefinitionProperties td = (TaskDefinitionProperties) resource(service + "/task-definition")
                    .properties();
            assertThat(td.family()).isEqualTo(service);
            assertThat(td.cpu()).isEqualTo(256);
            assertThat(td.memory()).isEqualTo(512);
            assertThat(td.networkMode()).isEqualTo("awsvpc");
            assertThat(td.requiresCompatibilities()).containsExactly("FARGATE");
            assertThat(td.taskRoleArn()).isEqualTo(Ref.arn(LogicalId.of("roles/task-role")));
            assertThat(td.executionRoleArn()).isEqualTo(Ref.arn(LogicalId.of("roles/execution-role")));
            assertThat(td.containers()).extracting(ContainerDefinition::name).containsExactly(service, "xray-daemon");
            assertThat(td.containers()).allSatisfy(c -> {
                assertThat(c.essential()).isTrue();
                assertThat(c.logConfiguration()).isEqualTo(ContainerDefinition.LogConfiguration.awslogs(
                        "/ecs/" + service, "ap-northeast-1", "ecs"));
            });

            ContainerDefinition app = td.containers().get(0);
            assertThat(app.image()).isEqualTo(Template.of(
                    new Ref(LogicalId.of(service + "/ecr-repository"), Output.REPOSITORY_URI), ":latest"));
            assertThat(app.portMappings()).containsExactly(new ContainerDefinition.PortMapping(8080, "tcp"));
            assertThat(app.environment().get("AWS_XRAY_DAEMON_ADDRESS")).isEqualTo(Template.literal("127.0.0.1:2000"));

            ContainerDefinition daemon = td.containers().get(1);
            assertThat(daemon.image()).isEqualTo(Template.literal("amazon/aws-xray-daemon"));
            assertThat(daemon.portMappings()).containsExactly(new ContainerDefinition.PortMapping(2000, "udp"));
            assertThat(daemon.cpu()).isEqualTo(32);
            assertThat(daemon.memoryReservation()).isEqualTo(256);
        }
    }

    @Test
    void serviceAGetsServiceBsLoadBalancerDnsNameAsApiCname() {
        TaskDefinitionProperties td = (TaskDefinitionProperties) resource("service-a/task-definition").properties();

        assertThat(td.containers().get(0).environment()).containsEntry("API_CNAME",
                Template.of(new Ref(LogicalId.of("service-b/load-balancer"), Output.DNS_NAME)));
        assertThat(resource("service-a/task-definition").dependsOn()).contains(LogicalId.of("service-b/load-balancer"));
    }

    @Test
    void servicesRunOneFargateTaskWithTheSeedsDeploymentAndNetwork() {
        for (String service : List.of("service-a", "service-b")) {
            ServiceProperties svc = (ServiceProperties) resource(service + "/service").properties();
            assertThat(svc.launchType()).isEqualTo("FARGATE");
            assertThat(svc.desiredCount()).isEqualTo(1);
            assertThat(svc.deployment()).isEqualTo(new ServiceProperties.Deployment(100, 0, false));
            assertThat(svc.assignPublicIp()).isTrue();
            assertThat(svc.subnets().isDefault()).isTrue();
            assertThat(svc.securityGroups()).containsExactly(Ref.id(LogicalId.of("network/security-group")));
            assertThat(svc.loadBalancers()).containsExactly(new ServiceProperties.LoadBalancerBinding(
                    Ref.arn(LogicalId.of(service + "/target-group")), service, 8080));
        }
    }

    @Test
    void serviceBIsBuiltBeforeServiceAAsInTheWalkthrough() {
        List<String> order = state.resources().stream().map(r -> r.id().value()).toList();

        assertThat(order.indexOf("service-b/service")).isLessThan(order.indexOf("service-a/load-balancer"));
        assertThat(order.get(0)).isEqualTo("cluster");
    }

    @Test
    void everyResourceCarriesTheOwnershipTags() {
        assertThat(state.resources()).allSatisfy(r -> assertThat(r.tags()).isEqualTo(Map.of(
                "tracefleet.io/managed-by", "tracefleet",
                "tracefleet.io/application", "xray-fargate",
                "tracefleet.io/resource", r.id().value())));
    }
}
