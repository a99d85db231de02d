package io.tracefleet.testing;

import io.tracefleet.aws.AwsClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracefleet.local.LocalAws;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.PriorityInUseException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Asserts what moto actually does where it differs from AWS (see "moto is not AWS" in TESTING.md), so a
 * moto upgrade that closes or moves a gap fails here first, and the table gets updated.
 */
@ExtendWith(MotoExtension.class)
class MotoGapCanaryIT {

    private AwsClients aws;
    private String vpcId;
    private List<String> subnetIds;
    private String securityGroupId;

    @BeforeEach
    void defaultNetwork(LocalAws moto) {
        aws = TestAwsClients.immediateRetries(moto.endpoint(), MotoExtension.REGION, 1);
        vpcId = aws.ec2().describeVpcs(request -> request.filters(filter -> filter.name("is-default").values("true")))
                .vpcs().get(0).vpcId();
        subnetIds = aws.ec2().describeSubnets(request -> request.filters(filter -> filter.name("vpc-id")
                .values(vpcId))).subnets().stream().map(Subnet::subnetId).limit(2).toList();
        securityGroupId = aws.ec2().createSecurityGroup(request -> request.groupName("svc").description("svc")
                .vpcId(vpcId)).groupId();
        aws.ecs().createCluster(request -> request.clusterName("apps").tags(tag -> tag.key("team").value("a")));
        registerTaskDefinition("nginx:1");
    }

    @AfterEach
    void closeClients() {
        aws.close();
    }

    @Test
    void describeServicesOmitsTheDeploymentConfiguration() {
        Service created = createService("api", 3);

        assertThat(created.deploymentConfiguration()).isNull();
        assertThat(describe("api").deploymentConfiguration()).isNull();
    }

    @Test
    void runningCountIsTheEnvironmentsNumberAtCreateAndTheDesiredCountAfterAnUpdate() {
        createService("api", 3);
        // MOTO_ECS_SERVICE_RUNNING=1 (LocalAwsSettings' default), whatever desiredCount says.
        assertThat(describe("api").runningCount()).isEqualTo(1);

        aws.ecs().updateService(request -> request.cluster("apps").service("api").desiredCount(5));

        // UpdateService copies desiredCount into runningCount at once: no tasks start or stop.
        assertThat(describe("api").runningCount()).isEqualTo(5);
    }

    @Test
    void updateServiceStartsNoDeploymentAndKeepsTheTaskDefinitionAsGiven() {
        createService("api", 1);
        String oldArn = describe("api").taskDefinition();
        registerTaskDefinition("nginx:2");

        Service updated = aws.ecs().updateService(request -> request.cluster("apps").service("api")
                .taskDefinition("api:2")).service();

        // AWS answers with the full ARN and adds a PRIMARY deployment, leaving the old one ACTIVE.
        assertThat(updated.taskDefinition()).isEqualTo("api:2");
        Service after = describe("api");
        assertThat(after.taskDefinition()).isEqualTo("api:2");
        assertThat(after.deployments()).singleElement().satisfies((Deployment deployment) -> {
            assertThat(deployment.status()).isEqualTo("PRIMARY");
            assertThat(deployment.taskDefinition()).isEqualTo(oldArn);
        });
    }

    @Test
    void createServiceWithoutSecurityGroupsIsAnInternalError() {
        assertThatThrownBy(() -> aws.ecs().createService(request -> request.cluster("apps").serviceName("api")
                .taskDefinition("api:1").desiredCount(1).launchType(LaunchType.FARGATE)
                .networkConfiguration(network -> network.awsvpcConfiguration(vpc -> vpc.subnets(subnetIds)))))
                .isInstanceOfSatisfying(EcsException.class, error -> assertThat(error.statusCode()).isEqualTo(500));
    }

    @Test
    void aSecondCreateServiceOfTheSameNameSucceeds() {
        createService("api", 1);

        // AWS: InvalidParameterException "Creation of service was not idempotent" for different parameters.
        createService("api", 2);

        assertThat(aws.ecs().listServices(request -> request.cluster("apps")).serviceArns()).hasSize(1);
        assertThat(describe("api").desiredCount()).isEqualTo(2);
    }

    @Test
    void fargateCpuAndMemoryAreNotValidated() {
        String arn = aws.ecs().registerTaskDefinition(request -> request.family("odd").networkMode("awsvpc")
                .requiresCompatibilitiesWithStrings("FARGATE").cpu("123").memory("7")
                .containerDefinitions(container -> container.name("app").image("nginx").essential(true)))
                .taskDefinition().taskDefinitionArn();

        assertThat(arn).endsWith("task-definition/odd:1");
    }

    @Test
    void noTargetEverRegistersInATargetGroup() {
        String targetGroupArn = aws.elbv2().createTargetGroup(request -> request.name("api").protocol(ProtocolEnum.HTTP)
                .port(80).vpcId(vpcId).targetType(TargetTypeEnum.IP)).targetGroups().get(0).targetGroupArn();
        aws.ecs().createService(request -> request.cluster("apps").serviceName("api").taskDefinition("api:1")
                .desiredCount(2).launchType(LaunchType.FARGATE)
                .loadBalancers(lb -> lb.targetGroupArn(targetGroupArn).containerName("app").containerPort(80))
                .networkConfiguration(network -> network.awsvpcConfiguration(vpc -> vpc.subnets(subnetIds)
                        .securityGroups(securityGroupId))));

        assertThat(describe("api").runningCount()).isEqualTo(1);
        assertThat(aws.elbv2().describeTargetHealth(request -> request.targetGroupArn(targetGroupArn))
                .targetHealthDescriptions()).isEmpty();
    }

    @Test
    void aLoadBalancerIsProvisioningWhenCreatedAndActiveAtTheNextDescribe() {
        LoadBalancer created = aws.elbv2().createLoadBalancer(request -> request.name("web").subnets(subnetIds)
                .securityGroups(securityGroupId)).loadBalancers().get(0);

        assertThat(created.state().code()).isEqualTo(LoadBalancerStateEnum.PROVISIONING);
        assertThat(aws.elbv2().describeLoadBalancers(request -> request.names("web")).loadBalancers().get(0)
                .state().code()).isEqualTo(LoadBalancerStateEnum.ACTIVE);
    }

    @Test
    void listenerRuleConditionsAreNotCheckedAgainstAwsLimitsButPrioritiesAndTagsAre() {
        String lb = aws.elbv2().createLoadBalancer(request -> request.name("edge").subnets(subnetIds)
                .securityGroups(securityGroupId)).loadBalancers().get(0).loadBalancerArn();
        String listener = aws.elbv2().createListener(request -> request.loadBalancerArn(lb)
                .protocol(ProtocolEnum.HTTP).port(80).defaultActions(action -> action.type("fixed-response")
                        .fixedResponseConfig(response -> response.statusCode("404"))))
                .listeners().get(0).listenerArn();

        // AWS: at most 5 condition values per rule, and path patterns of a fixed character set.
        String rule = aws.elbv2().createRule(request -> request.listenerArn(listener).priority(10)
                .conditions(condition -> condition.field("path-pattern").pathPatternConfig(paths -> paths
                        .values("no slash", "/b", "/c", "/d", "/e", "/f")))
                .actions(action -> action.type("fixed-response").fixedResponseConfig(r -> r.statusCode("200")))
                .tags(tag -> tag.key("team").value("a"))).rules().get(0).ruleArn();

        assertThat(aws.elbv2().describeTags(request -> request.resourceArns(rule)).tagDescriptions().get(0).tags())
                .extracting(t -> t.key() + "=" + t.value()).containsExactly("team=a");
        assertThatThrownBy(() -> aws.elbv2().createRule(request -> request.listenerArn(listener).priority(10)
                .conditions(condition -> condition.field("path-pattern").pathPatternConfig(paths -> paths
                        .values("/x")))
                .actions(action -> action.type("fixed-response").fixedResponseConfig(r -> r.statusCode("200")))))
                .isInstanceOf(PriorityInUseException.class);
        assertThat(aws.elbv2().describeRules(request -> request.listenerArn(listener)).rules())
                .as("the listener's default rule is listed too, as on AWS")
                .extracting(r -> r.priority()).containsExactlyInAnyOrder("10", "default");
    }

    @Test
    void aSecondCreateClusterOfTheSameNameReplacesTheFirstWithTheRequestsTags() {
        // The cluster "apps" was made with team=a. Tracefleet never trusts a create's answer to carry the tags it
        // sent (AWS may answer with what exists); here moto even overwrites the cluster, so a look-alike made in
        // the create race cannot be reproduced with clusters on moto.
        aws.ecs().createCluster(request -> request.clusterName("apps").tags(tag -> tag.key("team").value("b")));

        assertThat(aws.ecs().describeClusters(request -> request.clusters("apps")
                .include(software.amazon.awssdk.services.ecs.model.ClusterField.TAGS)).clusters())
                .singleElement().satisfies(cluster -> assertThat(cluster.tags())
                        .extracting(software.amazon.awssdk.services.ecs.model.Tag::value).containsExactly("b"));
    }

    @Test
    void aSecondCreateLoadBalancerOfTheSameNameMakesASecondOne() {
        String first = aws.elbv2().createLoadBalancer(request -> request.name("web").subnets(subnetIds)
                .securityGroups(securityGroupId)).loadBalancers().get(0).loadBalancerArn();

        // AWS returns the existing load balancer (same ARN) when the settings match.
        String second = aws.elbv2().createLoadBalancer(request -> request.name("web").subnets(subnetIds)
                .securityGroups(securityGroupId)).loadBalancers().get(0).loadBalancerArn();

        assertThat(second).isNotEqualTo(first);
        assertThat(aws.elbv2().describeLoadBalancers().loadBalancers())
                .extracting(LoadBalancer::loadBalancerArn).containsExactlyInAnyOrder(first, second);
        // By name, moto answers with only one of the two.
        assertThat(aws.elbv2().describeLoadBalancers(request -> request.names("web")).loadBalancers()).hasSize(1);
    }

    @Test
    void logRetentionIsNotValidated() {
        aws.logs().createLogGroup(request -> request.logGroupName("/ecs/api"));

        // AWS accepts only 1, 3, 5, 7, 14, 30, ... days.
        aws.logs().putRetentionPolicy(request -> request.logGroupName("/ecs/api").retentionInDays(8));

        assertThat(aws.logs().describeLogGroups(request -> request.logGroupNamePrefix("/ecs/api")).logGroups().get(0)
                .retentionInDays()).isEqualTo(8);
    }

    @Test
    void tagsAreKeptWhereAReconcilerReadsThem() {
        Service service = aws.ecs().createService(request -> request.cluster("apps").serviceName("api")
                .taskDefinition("api:1").desiredCount(1).launchType(LaunchType.FARGATE)
                .tags(tag -> tag.key("owner").value("tracefleet"))
                .networkConfiguration(network -> network.awsvpcConfiguration(vpc -> vpc.subnets(subnetIds)
                        .securityGroups(securityGroupId)))).service();
        assertThat(aws.ecs().listTagsForResource(request -> request.resourceArn(service.serviceArn())).tags())
                .extracting(tag -> tag.key() + "=" + tag.value()).containsExactly("owner=tracefleet");
        assertThat(aws.ecs().describeServices(request -> request.cluster("apps").services("api")
                .include(ServiceField.TAGS)).services().get(0).tags()).hasSize(1);
        assertThat(aws.ecs().describeClusters(request -> request.clusters("apps")
                .includeWithStrings("TAGS")).clusters().get(0).tags()).hasSize(1);
        assertThat(aws.ecs().describeTaskDefinition(request -> request.taskDefinition("api:1")
                .include(TaskDefinitionField.TAGS)).tags())
                .extracting(tag -> tag.key() + "=" + tag.value()).containsExactly("owner=tracefleet");

        String lb = aws.elbv2().createLoadBalancer(request -> request.name("web").subnets(subnetIds)
                .securityGroups(securityGroupId).tags(tag -> tag.key("owner").value("tracefleet")))
                .loadBalancers().get(0).loadBalancerArn();
        assertThat(aws.elbv2().describeTags(request -> request.resourceArns(lb)).tagDescriptions().get(0).tags())
                .hasSize(1);

        aws.iam().createRole(request -> request.roleName("task").assumeRolePolicyDocument("{}")
                .tags(tag -> tag.key("owner").value("tracefleet")));
        assertThat(aws.iam().getRole(request -> request.roleName("task")).role().tags()).hasSize(1);

        aws.logs().createLogGroup(request -> request.logGroupName("/ecs/api").tags(Map.of("owner", "tracefleet")));
        String logGroupArn = aws.logs().describeLogGroups(request -> request.logGroupNamePrefix("/ecs/api"))
                .logGroups().get(0).logGroupArn();
        assertThat(aws.logs().listTagsForResource(request -> request.resourceArn(logGroupArn)).tags())
                .containsEntry("owner", "tracefleet");

        String repository = aws.ecr().createRepository(request -> request.repositoryName("api")
                .tags(tag -> tag.key("owner").value("tracefleet"))).repository().repositoryArn();
        assertThat(aws.ecr().listTagsForResource(request -> request.resourceArn(repository)).tags()).hasSize(1);
    }

    @Test
    void everyRegionHasADefaultVpcWithDefaultSubnets(LocalAws moto) {
        try (AwsClients tokyo = TestAwsClients.of(moto.endpoint(), Region.AP_NORTHEAST_1)) {
            String tokyoVpc = tokyo.ec2().describeVpcs(request -> request.filters(filter -> filter.name("is-default")
                    .values("true"))).vpcs().get(0).vpcId();
            assertThat(tokyo.ec2().describeSubnets(request -> request.filters(
                    filter -> filter.name("vpc-id").values(tokyoVpc),
                    filter -> filter.name("default-for-az").values("true"))).subnets())
                    .extracting(Subnet::availabilityZone)
                    .containsExactly("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d");
        }
    }

    private void registerTaskDefinition(String image) {
        aws.ecs().registerTaskDefinition(request -> request.family("api").networkMode("awsvpc")
                .requiresCompatibilitiesWithStrings("FARGATE").cpu("256").memory("512")
                .tags(tag -> tag.key("owner").value("tracefleet"))
                .containerDefinitions(container -> container.name("app").image(image).essential(true)
                        .portMappings(port -> port.containerPort(80))));
    }

    private Service createService(String name, int desiredCount) {
        return aws.ecs().createService(request -> request.cluster("apps").serviceName(name).taskDefinition("api:1")
                .desiredCount(desiredCount).launchType(LaunchType.FARGATE)
                .deploymentConfiguration(config -> config.maximumPercent(200).minimumHealthyPercent(100))
                .networkConfiguration(network -> network.awsvpcConfiguration(vpc -> vpc.subnets(subnetIds)
                        .securityGroups(securityGroupId)))).service();
    }

    private Service describe(String name) {
        return aws.ecs().describeServices(request -> request.cluster("apps").services(name)).services().get(0);
    }
}
