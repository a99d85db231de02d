package io.tracefleet.testing;

import io.tracefleet.aws.AwsClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tracefleet.local.LocalAws;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** Creates through the proxy stay invisible to describes for the lag window, each as its API does on AWS. */
@ExtendWith(MotoExtension.class)
class ReadAfterWriteLagIT {

    private static final Duration UNTIL_REVEALED = Duration.ofHours(1);

    private AwsProxy proxy;
    private AwsClients aws;
    private String vpcId;
    private List<String> subnetIds;

    @BeforeEach
    void startProxy(LocalAws moto) {
        proxy = AwsProxy.start(moto.endpoint());
        aws = TestAwsClients.immediateRetries(proxy.endpoint(), MotoExtension.REGION, 1);
        vpcId = aws.ec2().describeVpcs(request -> request.filters(filter -> filter.name("is-default").values("true")))
                .vpcs().get(0).vpcId();
        subnetIds = aws.ec2().describeSubnets(request -> request.filters(filter -> filter.name("vpc-id")
                .values(vpcId))).subnets().stream().map(Subnet::subnetId).limit(2).toList();
    }

    @AfterEach
    void stopProxy() {
        aws.close();
        proxy.close();
    }

    @Test
    void aNewLoadBalancerIsNotFoundByNameAndLeftOutOfTheList() {
        proxy.lag().window(UNTIL_REVEALED);
        String arn = aws.elbv2().createLoadBalancer(request -> request.name("web").subnets(subnetIds))
                .loadBalancers().get(0).loadBalancerArn();

        assertThatThrownBy(() -> aws.elbv2().describeLoadBalancers(request -> request.names("web")))
                .isInstanceOfSatisfying(LoadBalancerNotFoundException.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("LoadBalancerNotFound"));
        assertThatThrownBy(() -> aws.elbv2().describeLoadBalancers(request -> request.loadBalancerArns(arn)))
                .isInstanceOf(LoadBalancerNotFoundException.class);
        assertThat(aws.elbv2().describeLoadBalancers().loadBalancers()).isEmpty();

        proxy.lag().revealAll();

        assertThat(aws.elbv2().describeLoadBalancers(request -> request.names("web")).loadBalancers())
                .extracting(LoadBalancer::loadBalancerArn).containsExactly(arn);
    }

    @Test
    void aNewTargetGroupIsNotFoundByNameAndLeftOutOfTheList() {
        aws.elbv2().createTargetGroup(request -> request.name("old").protocol(ProtocolEnum.HTTP).port(80)
                .vpcId(vpcId).targetType(TargetTypeEnum.IP));
        proxy.lag().window(UNTIL_REVEALED);
        aws.elbv2().createTargetGroup(request -> request.name("web").protocol(ProtocolEnum.HTTP).port(80)
                .vpcId(vpcId).targetType(TargetTypeEnum.IP));

        assertThatThrownBy(() -> aws.elbv2().describeTargetGroups(request -> request.names("web")))
                .isInstanceOf(TargetGroupNotFoundException.class);
        assertThat(aws.elbv2().describeTargetGroups().targetGroups())
                .extracting(TargetGroup::targetGroupName).containsExactly("old");

        proxy.lag().revealAll();

        assertThat(aws.elbv2().describeTargetGroups(request -> request.names("web")).targetGroups()).hasSize(1);
    }

    @Test
    void aNewEcsServiceIsReportedMissing() {
        String sg = aws.ec2().createSecurityGroup(request -> request.groupName("svc").description("svc").vpcId(vpcId))
                .groupId();
        aws.ecs().createCluster(request -> request.clusterName("apps"));
        aws.ecs().registerTaskDefinition(request -> request.family("api").networkMode("awsvpc")
                .requiresCompatibilitiesWithStrings("FARGATE").cpu("256").memory("512")
                .containerDefinitions(container -> container.name("api").image("nginx").essential(true)));
        proxy.lag().window(UNTIL_REVEALED);
        String arn = aws.ecs().createService(request -> request.cluster("apps").serviceName("api")
                .taskDefinition("api:1").desiredCount(1).launchType(LaunchType.FARGATE)
                .networkConfiguration(network -> network.awsvpcConfiguration(vpc -> vpc.subnets(subnetIds)
                        .securityGroups(sg)))).service().serviceArn();

        DescribeServicesResponse hidden = aws.ecs().describeServices(request -> request.cluster("apps")
                .services("api"));
        assertThat(hidden.services()).isEmpty();
        assertThat(hidden.failures()).extracting(Failure::arn, Failure::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(arn, "MISSING"));
        assertThat(aws.ecs().listServices(request -> request.cluster("apps")).serviceArns()).isEmpty();

        proxy.lag().revealAll();

        assertThat(aws.ecs().describeServices(request -> request.cluster("apps").services("api")).services())
                .singleElement().satisfies(service -> assertThat(service.serviceArn()).isEqualTo(arn));
    }

    @Test
    void aNewSecurityGroupIsNotFoundByIdAndFilteredOut() {
        proxy.lag().window(UNTIL_REVEALED);
        String id = aws.ec2().createSecurityGroup(request -> request.groupName("web").description("web")
                .vpcId(vpcId)).groupId();

        assertThatThrownBy(() -> aws.ec2().describeSecurityGroups(request -> request.groupIds(id)))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        error -> assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound"));
        assertThat(aws.ec2().describeSecurityGroups(request -> request.filters(filter -> filter.name("group-name")
                .values("web"))).securityGroups()).isEmpty();

        proxy.lag().revealAll();

        assertThat(aws.ec2().describeSecurityGroups(request -> request.groupIds(id)).securityGroups())
                .extracting(SecurityGroup::groupName).containsExactly("web");
    }

    @Test
    void aNewRoleIsNoSuchEntity() {
        proxy.lag().window(UNTIL_REVEALED);
        aws.iam().createRole(request -> request.roleName("task").assumeRolePolicyDocument("{}"));

        assertThatThrownBy(() -> aws.iam().getRole(request -> request.roleName("task")))
                .isInstanceOfSatisfying(NoSuchEntityException.class,
                        error -> assertThat(error.statusCode()).isEqualTo(404));

        proxy.lag().revealAll();

        assertThat(aws.iam().getRole(request -> request.roleName("task")).role().roleName()).isEqualTo("task");
    }

    @Test
    void aNewLogGroupIsLeftOutUntilTheWindowEnds() {
        proxy.lag().window(Duration.ofSeconds(1));
        aws.logs().createLogGroup(request -> request.logGroupName("/ecs/api"));

        // Only the end of the window is asserted: "still hidden right now" would race the clock.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(aws.logs().describeLogGroups(request -> request.logGroupNamePrefix("/ecs")).logGroups())
                        .extracting(LogGroup::logGroupName).containsExactly("/ecs/api"));
        assertThat(proxy.lag().hiddenCount()).isZero();
    }

    @Test
    void aNewLogGroupIsLeftOutOfDescribes() {
        proxy.lag().window(UNTIL_REVEALED);
        aws.logs().createLogGroup(request -> request.logGroupName("/ecs/api"));

        assertThat(aws.logs().describeLogGroups(request -> request.logGroupNamePrefix("/ecs")).logGroups()).isEmpty();
        assertThat(proxy.lag().hiddenCount()).isEqualTo(1);

        proxy.lag().revealAll();

        assertThat(aws.logs().describeLogGroups(request -> request.logGroupNamePrefix("/ecs")).logGroups())
                .hasSize(1);
    }
}
