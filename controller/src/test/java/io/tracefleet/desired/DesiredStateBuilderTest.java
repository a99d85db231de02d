package io.tracefleet.desired;

import io.tracefleet.spec.TestSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DesiredStateBuilderTest {
    @TempDir
    Path dir;

    private DesiredState build(String yaml) {
        return DesiredStateBuilder.build(TestSpecs.valid(dir, yaml));
    }

    private static TaskDefinitionProperties taskDefinition(DesiredState state, String service) {
        return (TaskDefinitionProperties) state.get(LogicalId.of(service + "/task-definition")).properties();
    }

    @Test
    void defaultsGiveASmallTracedServiceWithoutLoadBalancer() {
        DesiredState state = build(TestSpecs.minimal("worker:\n  image: busybox:1.36\n  port: 9000\n"));

        assertThat(state.resources()).extracting(r -> r.id().value()).containsExactly(
                "cluster", "roles/task-role", "roles/execution-role", "network/security-group",
                "worker/log-group", "worker/task-definition", "worker/service");
        assertThat(state.resources()).extracting(DesiredResource::physicalName).containsExactly(
                "shop", "shop-task-role", "shop-execution-role", "shop-sg", "/ecs/worker", "worker", "worker");
        TaskDefinitionProperties td = taskDefinition(state, "worker");
        assertThat(td.cpu()).isEqualTo(256);
        assertThat(td.memory()).isEqualTo(512);
        ServiceProperties service = (ServiceProperties) state.get(LogicalId.of("worker/service")).properties();
        assertThat(service.desiredCount()).isEqualTo(1);
        assertThat(service.deployment()).isEqualTo(new ServiceProperties.Deployment(200, 100, false));
        assertThat(service.assignPublicIp()).isFalse();
        assertThat(service.loadBalancers()).isEmpty();
        assertThat(((LogGroupProperties) state.get(LogicalId.of("worker/log-group")).properties()).retentionDays())
                .as("retention the spec does not set is not managed").isNull();
    }

    @Test
    void secretsReachTheContainerAsReferencesAndTheExecutionRoleMayReadExactlyThem() {
        DesiredState state = build(TestSpecs.minimal("""
                worker:
                  image: busybox:1.36
                  port: 9000
                  secrets:
                    DB_PASSWORD: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::"
                    API_KEY: arn:aws:ssm:eu-west-1:123456789012:parameter/shop/api-key
                """));

        ContainerDefinition worker = taskDefinition(state, "worker").containers().get(0);
        assertThat(worker.secrets()).containsExactly(
                java.util.Map.entry("API_KEY", "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/api-key"),
                java.util.Map.entry("DB_PASSWORD",
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::"));
        assertThat(worker.environment()).doesNotContainKeys("DB_PASSWORD", "API_KEY");
        RoleProperties execution = (RoleProperties) state.get(DesiredStateBuilder.EXECUTION_ROLE).properties();
        assertThat(execution.inlinePolicies()).containsOnlyKeys("shop-secrets-policy");
        assertThat(execution.inlinePolicies().get("shop-secrets-policy").statements())
                .extracting(st -> st.actions().get(0) + " " + st.resources())
                .containsExactly(
                        "secretsmanager:GetSecretValue [arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf]",
                        "ssm:GetParameters [arn:aws:ssm:eu-west-1:123456789012:parameter/shop/api-key]");
    }

    @Test
    void withoutSecretsTheExecutionRoleHasOnlyAwsManagedPolicy() {
        DesiredState state = build(TestSpecs.minimal("worker:\n  image: busybox:1.36\n  port: 9000\n"));

        assertThat(((RoleProperties) state.get(DesiredStateBuilder.EXECUTION_ROLE).properties()).inlinePolicies())
                .isEmpty();
    }

    @Test
    void adotSidecarReceivesOtlpAndXrayUdpAndExportsToTheSpecsRegion() {
        DesiredState state = build(TestSpecs.minimal("web:\n  image: nginx\n  port: 80\n")
                .replace("  services:", "  tracing:\n    sidecar: adot\n  services:"));

        TaskDefinitionProperties td = taskDefinition(state, "web");
        ContainerDefinition collector = td.containers().get(1);
        assertThat(collector.name()).isEqualTo("aws-otel-collector");
        assertThat(collector.image().toString())
                .isEqualTo("public.ecr.aws/aws-observability/aws-otel-collector:v0.50.0");
        assertThat(collector.portMappings()).extracting(Object::toString).containsExactly("4317/tcp", "4318/tcp",
                "2000/udp");
        String config = collector.environment().get("AOT_CONFIG_CONTENT").literalValue().orElseThrow();
        assertThat(config).contains("  awsxray:\n    endpoint: 127.0.0.1:2000\n    transport: udp\n")
                .contains("grpc:\n        endpoint: 127.0.0.1:4317").contains("http:\n        endpoint: 127.0.0.1:4318")
                .contains("proxy_server:\n      endpoint: 127.0.0.1:2000\n      region: eu-west-1\n")
                .contains("exporters:\n  awsxray:\n    region: eu-west-1\n")
                .contains("receivers: [otlp, awsxray]").contains("exporters: [awsxray]")
                .contains("health_check:\n    endpoint: 127.0.0.1:13133").contains("extensions: [health_check]");
        assertThat(collector.environment()).containsEntry("AWS_REGION", Template.literal("eu-west-1"));
        assertThat(collector.healthCheck()).as("ECS runs the image's probe of the health_check extension")
                .isEqualTo(new ContainerDefinition.HealthCheck(List.of("CMD", "/healthcheck"), 5, 6, 5, 1));
        assertThat(td.containers().get(0).environment())
                .containsEntry("AWS_XRAY_DAEMON_ADDRESS", Template.literal("127.0.0.1:2000"))
                .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", Template.literal("http://127.0.0.1:4317"))
                .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", Template.literal("grpc"))
                .containsEntry("OTEL_SERVICE_NAME", Template.literal("web"));
    }

    @Test
    void switchingTheExamplesSidecarChangesOnlyItsTaskDefinitions() throws Exception {
        String daemon = java.nio.file.Files.readString(TestSpecs.SEED_EXAMPLE);
        DesiredState withDaemon = build(daemon);
        DesiredState withCollector = build(daemon.replace("sidecar: xray-daemon", "sidecar: adot"));

        assertThat(withCollector.resources()).extracting(r -> r.id().value())
                .containsExactlyElementsOf(withDaemon.resources().stream().map(r -> r.id().value()).toList());
        List<String> changed = withDaemon.resources().stream()
                .filter(r -> !r.equals(withCollector.get(r.id()))).map(r -> r.id().value()).toList();
        assertThat(changed).as("the task role's X-Ray actions serve both sidecars; a service follows its task "
                + "definition by reference").containsExactlyInAnyOrder("service-a/task-definition",
                "service-b/task-definition");
        RoleProperties taskRole = (RoleProperties) withCollector.get(DesiredStateBuilder.TASK_ROLE).properties();
        assertThat(taskRole.inlinePolicies().get("xray-fargate-task-policy").statements())
                .singleElement().satisfies(st -> {
                    assertThat(st.actions()).containsExactly("xray:PutTraceSegments", "xray:PutTelemetryRecords",
                            "xray:GetSamplingRules", "xray:GetSamplingTargets",
                            "xray:GetSamplingStatisticSummaries");
                    assertThat(st.resources()).containsExactly("*");
                });
    }

    @Test
    void withoutSidecarTheTaskHasOneContainerAndNoDaemonAddress() {
        DesiredState state = build(TestSpecs.minimal("web:\n  image: nginx\n  port: 80\n")
                .replace("  services:", "  tracing:\n    sidecar: none\n  services:"));

        TaskDefinitionProperties td = taskDefinition(state, "web");
        assertThat(td.containers()).singleElement().satisfies(c ->
                assertThat(c.environment()).doesNotContainKey("AWS_XRAY_DAEMON_ADDRESS"));
    }

    @Test
    void theSpecsOwnDaemonAddressWins() {
        DesiredState state = build(TestSpecs.minimal(
                "web:\n  image: nginx\n  port: 80\n  env:\n    AWS_XRAY_DAEMON_ADDRESS: xray.internal:2000\n"));

        assertThat(taskDefinition(state, "web").containers().get(0).environment())
                .containsEntry("AWS_XRAY_DAEMON_ADDRESS", Template.literal("xray.internal:2000"));
    }

    @Test
    void urlReferencesExpandToSchemeDnsAndListenerPort() {
        DesiredState state = build(TestSpecs.minimal("""
                front:
                  image: nginx
                  port: 80
                  env:
                    API: ${services.api.url}/v1
                    LITERAL: $${not.a.reference}
                api:
                  image: nginx
                  port: 8080
                  loadBalancer:
                    port: 8081
                """));

        var env = taskDefinition(state, "front").containers().get(0).environment();
        assertThat(env.get("API")).isEqualTo(Template.of("http://",
                new Ref(LogicalId.of("api/load-balancer"), Output.DNS_NAME), ":8081/v1"));
        assertThat(env.get("LITERAL")).isEqualTo(Template.literal("${not.a.reference}"));
        List<String> order = state.resources().stream().map(r -> r.id().value()).toList();
        assertThat(order.indexOf("api/load-balancer")).as("a referenced service is built first")
                .isLessThan(order.indexOf("front/log-group"));
    }

    @Test
    void explicitVpcAndSubnetsAreUsedEverywhere() {
        DesiredState state = build(TestSpecs.minimal("web:\n  image: nginx\n  port: 80\n  loadBalancer: {}\n")
                .replace("vpc: default", "vpc: vpc-0a1b2c3d\n    subnets: [subnet-0a1b2c3d, subnet-1a2b3c4d]"));

        Subnets subnets = new Subnets(List.of("subnet-0a1b2c3d", "subnet-1a2b3c4d"));
        assertThat(((LoadBalancerProperties) state.get(LogicalId.of("web/load-balancer")).properties()).subnets())
                .isEqualTo(subnets);
        assertThat(((ServiceProperties) state.get(LogicalId.of("web/service")).properties()).subnets())
                .isEqualTo(subnets);
        assertThat(((TargetGroupProperties) state.get(LogicalId.of("web/target-group")).properties()).vpc())
                .isEqualTo(new Vpc("vpc-0a1b2c3d"));
    }

    @Test
    void managedPolicyArnsFollowTheRegionsPartition() {
        assertThat(DesiredStateBuilder.partition("ap-northeast-1")).isEqualTo("aws");
        assertThat(DesiredStateBuilder.partition("cn-north-1")).isEqualTo("aws-cn");
        assertThat(DesiredStateBuilder.partition("us-gov-west-1")).isEqualTo("aws-us-gov");

        DesiredState state = build(TestSpecs.minimal("web:\n  image: nginx\n  port: 80\n")
                .replace("eu-west-1", "cn-northwest-1"));
        assertThat(((RoleProperties) state.get(DesiredStateBuilder.EXECUTION_ROLE).properties()).managedPolicyArns())
                .containsExactly("arn:aws-cn:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
    }

    @Test
    void theServiceWaitsForItsListenerBecauseEcsRefusesAnUnattachedTargetGroup() {
        DesiredState state = build(TestSpecs.minimal("web:\n  image: nginx\n  port: 80\n  loadBalancer: {}\n"));

        assertThat(state.get(LogicalId.of("web/service")).dependsOn()).contains(LogicalId.of("web/listener"),
                LogicalId.of("web/target-group"), LogicalId.of("web/task-definition"), DesiredStateBuilder.CLUSTER,
                DesiredStateBuilder.SECURITY_GROUP);
    }
}
