package io.tracefleet.deploy;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.e2e.RunningController;
import io.tracefleet.local.LocalAws;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller's task role policy allows exactly what the controller does. The whole controller runs the
 * example through its life — converge, drift of every kind healed, a spec edit, a move onto a shared load
 * balancer with its listener rule drifted and healed, a pruned service, then the application deleted — and its
 * own call log ({@code wiring().calls()}, filled by the SDK interceptor on every client) gives the IAM actions it
 * invoked. The policy must allow each of them and nothing else, except the
 * permissions AWS checks that are not an operation of their own ({@link #IMPLIED}), each allowed only when the
 * operation that needs it was invoked.
 *
 * <p>This is {@code e2e.E2EBase}'s setup rather than a subclass of it: that class is package-private, and this
 * test belongs with the deployment files it checks.
 */
@ExtendWith(MotoExtension.class)
class LeastPrivilegePolicyE2E {
    private static final String APP = "xray-fargate";
    private static final Path EXAMPLE = Path.of("..", "specs", "xray-demo.yaml");

    /**
     * Permissions AWS evaluates beyond the operation's own action: passing a role (the task definition's task and
     * execution roles), and tagging on create, which AWS authorises as the create action plus the tagging action.
     */
    private static final Map<String, Set<String>> IMPLIED = Map.of(
            "iam:PassRole", Set.of("ecs:RegisterTaskDefinition"),
            "ecs:TagResource", Set.of("ecs:CreateCluster", "ecs:CreateService", "ecs:RegisterTaskDefinition"),
            "elasticloadbalancing:AddTags", Set.of("elasticloadbalancing:CreateLoadBalancer",
                    "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:CreateListener",
                    "elasticloadbalancing:CreateRule"),
            "iam:TagRole", Set.of("iam:CreateRole"),
            "ec2:CreateTags", Set.of("ec2:CreateSecurityGroup"),
            "logs:TagResource", Set.of("logs:CreateLogGroup"),
            "ecr:TagResource", Set.of("ecr:CreateRepository"));

    @TempDir
    Path specs;
    private AwsProxy proxy;
    private AwsClients moto;
    private RunningController controller;

    @BeforeEach
    void start(LocalAws localAws) throws IOException {
        Files.copy(EXAMPLE, spec());
        proxy = AwsProxy.start(localAws.endpoint());
        moto = AwsClients.create(AwsClientSettings.endpoint(localAws.endpoint(), Region.AP_NORTHEAST_1));
        // The lease table exists before the controller starts, as the bootstrap script makes it: the controller
        // only creates one where none was made for it, so the policy grants no CreateTable.
        com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient.createLockTableInDynamoDB(
                com.amazonaws.services.dynamodbv2.CreateDynamoDBTableOptions.builder(moto.dynamodb(),
                        software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput.builder()
                                .readCapacityUnits(5L).writeCapacityUnits(5L).build(), "tracefleet-leases").build());
        // Every pass reads target health, so the policy is checked against the mode that calls the most; leader
        // election is on, as every deploy file has it.
        controller = new RunningController(proxy.endpoint(), specs,
                io.dropwizard.testing.ConfigOverride.config("targetHealth", "always"),
                io.dropwizard.testing.ConfigOverride.config("aws.region", "ap-northeast-1"),
                io.dropwizard.testing.ConfigOverride.config("leaderElection.enabled", "true"),
                io.dropwizard.testing.ConfigOverride.config("leaderElection.leaseDuration", "6s"),
                io.dropwizard.testing.ConfigOverride.config("leaderElection.heartbeat", "1s"),
                io.dropwizard.testing.ConfigOverride.config("leaderElection.writeMargin", "2s"));
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        moto.close();
        proxy.close();
    }

    @Test
    void theTaskRolePolicyAllowsExactlyWhatTheControllerCalls() throws IOException {
        editSpec(s -> s.replace("  tracing:\n", "  onDelete: delete\n  prune:\n    logGroups: true\n  tracing:\n")
                .replaceFirst("(?s)(service-b:.*?healthCheckPath: /health\\n)", "$1      logRetentionDays: 30\n"));
        assertThat(controller.passFor(APP).outOfSync()).as("converged").isEmpty();
        // GET /status names the account, the one call the API itself makes.
        assertThat(get("http://127.0.0.1:" + controller.localPort() + "/status").statusCode()).isEqualTo(200);

        driftEverything();
        controller.passFor(APP);
        assertThat(controller.passFor(APP).outOfSync()).as("healed").isEmpty();

        editSpec(s -> s.replaceFirst("desiredCount: 1", "desiredCount: 2")
                .replaceFirst("healthCheckPath: /health", "healthCheckPath: /ready"));
        controller.passFor(APP);

        // service-b moves onto a shared load balancer: a listener rule, drifted out of band and healed.
        editSpec(s -> s.replace("  tracing:\n", "  loadBalancers:\n    edge: {}\n  tracing:\n").replace(
                "        port: 80\n        name: xray-fargate-b-alb\n", "        shared: edge\n        paths: [/b/*]\n"));
        assertThat(controller.passFor(APP).outOfSync()).as("on the shared load balancer").isEmpty();
        driftTheRule();
        assertThat(controller.passFor(APP).outOfSync()).as("the rule healed").isEmpty();

        editSpec(s -> s.substring(0, s.indexOf("    service-a:\n")));
        controller.passFor(APP);

        Files.delete(spec());
        controller.pass();
        // Deleting a whole application waits for a confirmation; confirmed, the next pass deletes it.
        assertThat(controller.wiring().reconciler().confirmDeletions(APP)).isNotEmpty();
        controller.pass();
        assertThat(moto.ecs().describeClusters(r -> r.clusters(APP)).clusters())
                .as("the deleted application's cluster").allMatch(c -> c.status().equals("INACTIVE"));

        // A clean stop releases the lease (DynamoDB DeleteItem), so a successor starts at once: part of the job.
        io.tracefleet.aws.AwsCallLog calls = controller.wiring().calls();
        controller.close();
        controller = null;
        SortedSet<String> invoked = calls.iamActions();
        Set<String> allowed = DeployManifestsTest.policyActions();
        SortedSet<String> impliedByInvoked = new TreeSet<>();
        IMPLIED.forEach((permission, neededBy) -> {
            if (neededBy.stream().anyMatch(invoked::contains)) {
                impliedByInvoked.add(permission);
            }
        });
        SortedSet<String> expected = new TreeSet<>(invoked);
        expected.addAll(impliedByInvoked);

        assertThat(invoked).as("the controller invoked").contains("sts:GetCallerIdentity", "ecs:CreateService",
                "ecs:DeleteCluster");
        assertThat(allowed).as("invoked but not allowed by task-role-policy.json")
                .containsAll(expected);
        assertThat(expected).as("allowed by task-role-policy.json but never needed")
                .containsAll(allowed);
    }

    /** A revision registered by someone else carries no tags: reading the family's older revisions' tags follows. */
    private void registerRevisionByHand(String family) {
        var current = moto.ecs().describeTaskDefinition(r -> r.taskDefinition(family)).taskDefinition();
        String arn = moto.ecs().registerTaskDefinition(r -> r.family(family).cpu(current.cpu())
                .memory(current.memory()).networkMode(current.networkMode())
                .requiresCompatibilitiesWithStrings(current.requiresCompatibilitiesAsStrings())
                .taskRoleArn(current.taskRoleArn()).executionRoleArn(current.executionRoleArn())
                .containerDefinitions(current.containerDefinitions().stream().map(c -> c.name().equals(family)
                        ? c.toBuilder().image("hot-fix:1").build() : c).toList()))
                .taskDefinition().taskDefinitionArn();
        moto.ecs().updateService(r -> r.cluster(APP).service(family).taskDefinition(arn));
    }

    private static java.net.http.HttpResponse<String> get(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One drift per kind of correction the handlers make, straight at moto so that the proxy does not see it. */
    private void driftEverything() {
        moto.ecs().updateService(r -> r.cluster(APP).service("service-b").desiredCount(3));
        String sg = moto.ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values("xray-fargate-sg"))).securityGroups().get(0).groupId();
        moto.ec2().revokeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(p -> p.ipProtocol("tcp").fromPort(80)
                .toPort(80).ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
        moto.ec2().authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(22).toPort(22).ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
        String tg = moto.elbv2().describeTargetGroups(r -> r.names("xray-fargate-b-tg")).targetGroups().get(0)
                .targetGroupArn();
        moto.elbv2().modifyTargetGroup(r -> r.targetGroupArn(tg).healthCheckPath("/elsewhere"));
        String albB = moto.elbv2().describeLoadBalancers(r -> r.names("xray-fargate-b-alb")).loadBalancers().get(0)
                .loadBalancerArn();
        String tgA = moto.elbv2().describeTargetGroups(r -> r.names("xray-fargate-a-tg")).targetGroups().get(0)
                .targetGroupArn();
        moto.elbv2().describeListeners(r -> r.loadBalancerArn(albB)).listeners()
                .forEach(l -> moto.elbv2().modifyListener(r -> r.listenerArn(l.listenerArn())
                        .defaultActions(a -> a.type("forward").targetGroupArn(tgA))));
        String other = moto.ec2().createSecurityGroup(r -> r.groupName("someone-elses").description("x"))
                .groupId();
        moto.elbv2().setSecurityGroups(r -> r.loadBalancerArn(albB).securityGroups(other));
        String albA = moto.elbv2().describeLoadBalancers(r -> r.names("xray-fargate-a-alb")).loadBalancers().get(0)
                .loadBalancerArn();
        List<String> twoSubnets = moto.ec2().describeSubnets(r -> r.filters(f -> f.name("default-for-az")
                .values("true"))).subnets().stream().map(sn -> sn.subnetId()).limit(2).toList();
        moto.elbv2().setSubnets(r -> r.loadBalancerArn(albA).subnets(twoSubnets));
        String albAListener = moto.elbv2().describeListeners(r -> r.loadBalancerArn(albA)).listeners().get(0)
                .listenerArn();
        moto.elbv2().deleteListener(r -> r.listenerArn(albAListener));
        registerRevisionByHand("service-a");
        moto.iam().deleteRolePolicy(r -> r.roleName("xray-fargate-taskrole").policyName("xray-fargate-task-policy"));
        moto.iam().updateAssumeRolePolicy(r -> r.roleName("xray-fargate-taskrole").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                        + "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        moto.iam().detachRolePolicy(r -> r.roleName("xray-fargate-ecsTaskExecutionRole")
                .policyArn("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
        moto.logs().putRetentionPolicy(r -> r.logGroupName("/ecs/service-b").retentionInDays(7));
    }

    private void driftTheRule() {
        String alb = moto.elbv2().describeLoadBalancers(r -> r.names("xray-fargate-edge-alb")).loadBalancers().get(0)
                .loadBalancerArn();
        String listener = moto.elbv2().describeListeners(r -> r.loadBalancerArn(alb)).listeners().get(0)
                .listenerArn();
        String rule = moto.elbv2().describeRules(r -> r.listenerArn(listener)).rules().stream()
                .filter(r -> !Boolean.TRUE.equals(r.isDefault())).findFirst().orElseThrow().ruleArn();
        moto.elbv2().modifyRule(r -> r.ruleArn(rule).conditions(c -> c.field("path-pattern")
                .pathPatternConfig(p -> p.values("/elsewhere/*"))));
        moto.elbv2().setRulePriorities(r -> r.rulePriorities(p -> p.ruleArn(rule).priority(7)));
    }

    private Path spec() {
        return specs.resolve("xray-demo.yaml");
    }

    private void editSpec(UnaryOperator<String> edit) throws IOException {
        String before = Files.readString(spec());
        String after = edit.apply(before);
        assertThat(after).as("the edit changes the spec").isNotEqualTo(before);
        Files.writeString(spec(), after);
    }
}
