package io.tracefleet.reliability;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Resources named like an application's but not its own, made out of band before the controller runs: with no
 * tags, with another application's Tracefleet tags, or with this application's name under another manager. The
 * controller must leave them exactly as they were. {@link #state} reads each one's identity, tags and settings
 * as one line, so "untouched" is the same lines before and after.
 */
final class Lookalikes {
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    /** One look-alike: what a write naming it would contain (its name, and its id or ARN). */
    record Lookalike(ResourceKind kind, String name, String identifier) {
    }

    private final List<Lookalike> made;

    private Lookalikes(List<Lookalike> made) {
        this.made = List.copyOf(made);
    }

    List<Lookalike> all() {
        return made;
    }

    static Lookalikes seed(AwsClients aws, DesiredState desired) {
        String app = desired.application();
        Map<String, String> otherApp = OwnershipTags.of(app + "-staging",
                desired.resources().get(0).id());
        Map<String, String> otherManager = Map.of(OwnershipTags.APPLICATION, app, OwnershipTags.MANAGED_BY,
                "terraform");
        List<Lookalike> made = new ArrayList<>();
        String vpc = aws.ec2().describeVpcs(r -> r.filters(Filter.builder().name("is-default").values("true")
                .build())).vpcs().get(0).vpcId();
        List<String> subnets = aws.ec2().describeSubnets(r -> r.filters(
                Filter.builder().name("vpc-id").values(vpc).build(),
                Filter.builder().name("default-for-az").values("true").build())).subnets().stream()
                .map(s -> s.subnetId()).sorted().limit(2).toList();

        String sgName = first(desired, ResourceKind.SECURITY_GROUP) + "-old";
        String sgId = aws.ec2().createSecurityGroup(r -> r.groupName(sgName).description("not Tracefleet's")
                .vpcId(vpc)).groupId();
        aws.ec2().authorizeSecurityGroupIngress(r -> r.groupId(sgId).ipPermissions(p -> p.ipProtocol("tcp")
                .fromPort(443).toPort(443).ipRanges(ip -> ip.cidrIp("10.0.0.0/8"))));
        made.add(new Lookalike(ResourceKind.SECURITY_GROUP, sgName, sgId));
        String sg2Name = first(desired, ResourceKind.SECURITY_GROUP) + "-2";
        String sg2Id = aws.ec2().createSecurityGroup(r -> r.groupName(sg2Name).description("another application's")
                .vpcId(vpc).tagSpecifications(t -> t.resourceType("security-group").tags(ec2Tags(otherApp))))
                .groupId();
        made.add(new Lookalike(ResourceKind.SECURITY_GROUP, sg2Name, sg2Id));

        String lbName = suffixed(first(desired, ResourceKind.LOAD_BALANCER), "-x");
        String lbArn = aws.elbv2().createLoadBalancer(r -> r.name(lbName).subnets(subnets).securityGroups(sg2Id)
                .tags(elbTags(otherApp))).loadBalancers().get(0).loadBalancerArn();
        made.add(new Lookalike(ResourceKind.LOAD_BALANCER, lbName, lbArn));
        String tgName = suffixed(first(desired, ResourceKind.TARGET_GROUP), "-x");
        String tgArn = aws.elbv2().createTargetGroup(r -> r.name(tgName).protocol("HTTP").port(8081).vpcId(vpc)
                .targetType("ip").tags(elbTags(otherManager))).targetGroups().get(0).targetGroupArn();
        made.add(new Lookalike(ResourceKind.TARGET_GROUP, tgName, tgArn));
        String listenerArn = aws.elbv2().createListener(r -> r.loadBalancerArn(lbArn).protocol("HTTP").port(80)
                .defaultActions(a -> a.type("forward").targetGroupArn(tgArn))).listeners().get(0).listenerArn();
        made.add(new Lookalike(ResourceKind.LISTENER, lbName + ":80", listenerArn));

        String logGroup = first(desired, ResourceKind.LOG_GROUP) + "-old";
        aws.logs().createLogGroup(r -> r.logGroupName(logGroup));
        aws.logs().putRetentionPolicy(r -> r.logGroupName(logGroup).retentionInDays(7));
        made.add(new Lookalike(ResourceKind.LOG_GROUP, logGroup, logGroup));

        String role = first(desired, ResourceKind.IAM_ROLE) + "-old";
        String roleArn = aws.iam().createRole(r -> r.roleName(role).assumeRolePolicyDocument(TRUST)
                .tags(t -> t.key(OwnershipTags.APPLICATION).value(app))).role().arn();
        aws.iam().putRolePolicy(r -> r.roleName(role).policyName(app + "-task-policy").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"xray:*\","
                        + "\"Resource\":\"*\"}]}"));
        made.add(new Lookalike(ResourceKind.IAM_ROLE, role, roleArn));

        String cluster = first(desired, ResourceKind.ECS_CLUSTER) + "-old";
        String clusterArn = aws.ecs().createCluster(r -> r.clusterName(cluster).tags(ecsTags(otherApp))).cluster()
                .clusterArn();
        made.add(new Lookalike(ResourceKind.ECS_CLUSTER, cluster, clusterArn));
        String family = first(desired, ResourceKind.TASK_DEFINITION) + "-old";
        String taskDefinitionArn = aws.ecs().registerTaskDefinition(r -> r.family(family).networkMode("awsvpc")
                .requiresCompatibilitiesWithStrings("FARGATE").cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("app").image("nginx").essential(true)
                        .build())
                .tags(ecsTags(otherManager))).taskDefinition().taskDefinitionArn();
        made.add(new Lookalike(ResourceKind.TASK_DEFINITION, family, taskDefinitionArn));

        desired.ofKind(ResourceKind.ECR_REPOSITORY).stream().findFirst().ifPresent(repository -> {
            String name = repository.physicalName() + "-mirror";
            String arn = aws.ecr().createRepository(r -> r.repositoryName(name)).repository().repositoryArn();
            made.add(new Lookalike(ResourceKind.ECR_REPOSITORY, name, arn));
        });
        return new Lookalikes(made);
    }

    /** Each look-alike as one line: identity, tags and the settings a mistaken write would change. */
    Map<String, String> state(AwsClients aws) {
        Map<String, String> state = new LinkedHashMap<>();
        for (Lookalike l : made) {
            state.put(l.kind() + " " + l.name(), describe(aws, l));
        }
        return state;
    }

    private static String describe(AwsClients aws, Lookalike l) {
        try {
            return switch (l.kind()) {
                case SECURITY_GROUP -> {
                    SecurityGroup g = aws.ec2().describeSecurityGroups(r -> r.groupIds(l.identifier()))
                            .securityGroups().get(0);
                    yield g.groupId() + " " + g.groupName() + " " + sorted(g.tags().stream()
                            .collect(Collectors.toMap(t -> t.key(), t -> t.value()))) + " in " + g.ipPermissions()
                            .stream().map(p -> p.ipProtocol() + ":" + p.fromPort() + "-" + p.toPort() + " "
                                    + p.ipRanges() + p.userIdGroupPairs()).sorted().toList();
                }
                case LOAD_BALANCER -> {
                    var lb = aws.elbv2().describeLoadBalancers(r -> r.loadBalancerArns(l.identifier()))
                            .loadBalancers().get(0);
                    yield lb.loadBalancerArn() + " " + lb.scheme() + " " + lb.securityGroups() + " "
                            + sorted(OwnedInventory.tags(aws, List.of(lb.loadBalancerArn())).get(lb.loadBalancerArn()));
                }
                case TARGET_GROUP -> {
                    var tg = aws.elbv2().describeTargetGroups(r -> r.targetGroupArns(l.identifier()))
                            .targetGroups().get(0);
                    yield tg.targetGroupArn() + " " + tg.port() + " " + tg.healthCheckPath() + " "
                            + sorted(OwnedInventory.tags(aws, List.of(tg.targetGroupArn())).get(tg.targetGroupArn()));
                }
                case LISTENER -> {
                    var listener = aws.elbv2().describeListeners(r -> r.listenerArns(l.identifier())).listeners()
                            .get(0);
                    yield listener.listenerArn() + " " + listener.port() + " " + listener.defaultActions().stream()
                            .map(a -> a.type() + "->" + a.targetGroupArn()).toList() + " rules "
                            + aws.elbv2().describeRules(r -> r.listenerArn(l.identifier())).rules().size();
                }
                case LOG_GROUP -> {
                    var group = aws.logs().describeLogGroups(r -> r.logGroupNamePrefix(l.name())).logGroups()
                            .stream().filter(g -> g.logGroupName().equals(l.name())).findFirst().orElseThrow();
                    String arn = group.arn().replaceAll(":\\*$", "");
                    yield group.logGroupName() + " retention " + group.retentionInDays() + " "
                            + sorted(aws.logs().listTagsForResource(r -> r.resourceArn(arn)).tags());
                }
                case IAM_ROLE -> {
                    var role = aws.iam().getRole(r -> r.roleName(l.name())).role();
                    yield role.arn() + " " + role.roleId() + " " + sorted(role.tags().stream()
                            .collect(Collectors.toMap(t -> t.key(), t -> t.value()))) + " inline "
                            + aws.iam().listRolePolicies(r -> r.roleName(l.name())).policyNames() + " attached "
                            + aws.iam().listAttachedRolePolicies(r -> r.roleName(l.name())).attachedPolicies();
                }
                case ECS_CLUSTER -> {
                    var cluster = aws.ecs().describeClusters(r -> r.clusters(l.identifier())
                            .include(ClusterField.TAGS)).clusters().get(0);
                    yield cluster.clusterArn() + " " + cluster.status() + " " + sorted(cluster.tags().stream()
                            .collect(Collectors.toMap(t -> t.key(), t -> t.value())));
                }
                case TASK_DEFINITION -> {
                    var answer = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(l.identifier())
                            .include(TaskDefinitionField.TAGS));
                    yield answer.taskDefinition().taskDefinitionArn() + " " + answer.taskDefinition().status() + " "
                            + sorted(answer.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())))
                            + " revisions " + aws.ecs().listTaskDefinitions(r -> r.familyPrefix(l.name()))
                            .taskDefinitionArns();
                }
                case ECR_REPOSITORY -> {
                    var repository = aws.ecr().describeRepositories(r -> r.repositoryNames(l.name()))
                            .repositories().get(0);
                    yield repository.repositoryArn() + " " + sorted(aws.ecr().listTagsForResource(r -> r
                            .resourceArn(repository.repositoryArn())).tags().stream()
                            .collect(Collectors.toMap(t -> t.key(), t -> t.value())));
                }
                default -> throw new IllegalArgumentException("no look-alike of kind " + l.kind());
            };
        } catch (RuntimeException e) {
            return "gone or unreadable: " + e.getMessage();
        }
    }

    private static String first(DesiredState desired, ResourceKind kind) {
        return desired.ofKind(kind).stream().map(DesiredResource::physicalName).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(desired.application() + " has no " + kind));
    }

    /** Load balancer and target group names stay within AWS's 32 characters. */
    private static String suffixed(String name, String suffix) {
        return (name.length() + suffix.length() > 32 ? name.substring(0, 32 - suffix.length()) : name) + suffix;
    }

    private static Map<String, String> sorted(Map<String, String> tags) {
        return new TreeMap<>(tags);
    }

    private static List<software.amazon.awssdk.services.ec2.model.Tag> ec2Tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder()
                .key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag> elbTags(
            Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag
                .builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static List<software.amazon.awssdk.services.ecs.model.Tag> ecsTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> software.amazon.awssdk.services.ecs.model.Tag.builder()
                .key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
