package io.tracefleet.reliability;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything in one region of AWS that carries an application's ownership tags, read straight from moto (not
 * through the controller's handlers, which are what is under test), and what is wrong with it against the
 * desired state: two resources for one logical id or one name (a duplicate), or one the desired state does not
 * name (a leak).
 */
record OwnedInventory(String application, List<Owned> resources) {

    /** One owned resource. {@code slot} is what must be unique besides the logical id (a name, a port). */
    record Owned(ResourceKind kind, String logicalId, String name, String identifier, String slot) {
        @Override
        public String toString() {
            return kind + " " + logicalId + " (" + name + ", " + identifier + ")";
        }
    }

    static OwnedInventory of(AwsClients aws, String application) {
        List<Owned> found = new ArrayList<>();
        Function<Map<String, String>, Boolean> ours = tags -> OwnershipTags.claims(tags, application);
        clustersAndServices(aws, ours, found);
        taskDefinitions(aws, ours, found);
        loadBalancing(aws, ours, found);
        aws.ec2().describeSecurityGroups().securityGroups().forEach(group -> {
            Map<String, String> tags = group.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
            if (ours.apply(tags)) {
                found.add(owned(ResourceKind.SECURITY_GROUP, tags, group.groupName(), group.groupId(),
                        group.vpcId() + "/" + group.groupName()));
            }
        });
        aws.iam().listRolesPaginator().roles().forEach(role -> {
            Map<String, String> tags = aws.iam().listRoleTags(r -> r.roleName(role.roleName())).tags().stream()
                    .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
            if (ours.apply(tags)) {
                found.add(owned(ResourceKind.IAM_ROLE, tags, role.roleName(), role.arn(), role.roleName()));
            }
        });
        for (LogGroup group : aws.logs().describeLogGroupsPaginator(r -> { }).logGroups()) {
            String arn = group.logGroupArn() != null ? group.logGroupArn() : group.arn().replaceAll(":\\*$", "");
            Map<String, String> tags = aws.logs().listTagsForResource(r -> r.resourceArn(arn)).tags();
            if (ours.apply(tags)) {
                found.add(owned(ResourceKind.LOG_GROUP, tags, group.logGroupName(), arn, group.logGroupName()));
            }
        }
        aws.ecr().describeRepositoriesPaginator().repositories().forEach(repository -> {
            Map<String, String> tags = aws.ecr().listTagsForResource(r -> r.resourceArn(repository.repositoryArn()))
                    .tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
            if (ours.apply(tags)) {
                found.add(owned(ResourceKind.ECR_REPOSITORY, tags, repository.repositoryName(),
                        repository.repositoryArn(), repository.repositoryName()));
            }
        });
        return new OwnedInventory(application, List.copyOf(found));
    }

    private static void clustersAndServices(AwsClients aws, Function<Map<String, String>, Boolean> ours,
                                            List<Owned> found) {
        List<String> clusterArns = aws.ecs().listClustersPaginator().clusterArns().stream().toList();
        if (clusterArns.isEmpty()) {
            return;
        }
        for (var cluster : aws.ecs().describeClusters(r -> r.clusters(clusterArns).include(ClusterField.TAGS))
                .clusters()) {
            Map<String, String> tags = cluster.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
            if (ours.apply(tags)) {
                found.add(owned(ResourceKind.ECS_CLUSTER, tags, cluster.clusterName(), cluster.clusterArn(),
                        cluster.clusterName()));
            }
            List<String> serviceArns = aws.ecs().listServicesPaginator(r -> r.cluster(cluster.clusterArn()))
                    .serviceArns().stream().toList();
            for (int i = 0; i < serviceArns.size(); i += 10) {
                List<String> chunk = serviceArns.subList(i, Math.min(i + 10, serviceArns.size()));
                for (var service : aws.ecs().describeServices(r -> r.cluster(cluster.clusterArn()).services(chunk)
                        .include(ServiceField.TAGS)).services()) {
                    Map<String, String> serviceTags = service.tags().stream()
                            .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
                    if (ours.apply(serviceTags) && "ACTIVE".equals(service.status())) {
                        found.add(owned(ResourceKind.ECS_SERVICE, serviceTags, service.serviceName(),
                                service.serviceArn(), cluster.clusterName() + "/" + service.serviceName()));
                    }
                }
            }
        }
    }

    /** Every ACTIVE revision counts: after a converge a family has exactly one, so a second is a duplicate. */
    private static void taskDefinitions(AwsClients aws, Function<Map<String, String>, Boolean> ours,
                                        List<Owned> found) {
        for (String arn : aws.ecs().listTaskDefinitionsPaginator(r -> r.status("ACTIVE")).taskDefinitionArns()) {
            var answer = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(arn)
                    .include(TaskDefinitionField.TAGS));
            Map<String, String> tags = answer.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
            if (ours.apply(tags)) {
                found.add(owned(ResourceKind.TASK_DEFINITION, tags, answer.taskDefinition().family(), arn,
                        answer.taskDefinition().family()));
            }
        }
    }

    private static void loadBalancing(AwsClients aws, Function<Map<String, String>, Boolean> ours,
                                      List<Owned> found) {
        List<LoadBalancer> balancers = aws.elbv2().describeLoadBalancersPaginator().loadBalancers().stream().toList();
        Map<String, Map<String, String>> lbTags = tags(aws, balancers.stream().map(LoadBalancer::loadBalancerArn)
                .toList());
        for (LoadBalancer lb : balancers) {
            if (ours.apply(lbTags.get(lb.loadBalancerArn()))) {
                found.add(owned(ResourceKind.LOAD_BALANCER, lbTags.get(lb.loadBalancerArn()), lb.loadBalancerName(),
                        lb.loadBalancerArn(), lb.loadBalancerName()));
            }
            List<Listener> listeners = aws.elbv2().describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn()))
                    .listeners();
            Map<String, Map<String, String>> listenerTags = tags(aws, listeners.stream().map(Listener::listenerArn)
                    .toList());
            for (Listener listener : listeners) {
                if (ours.apply(listenerTags.get(listener.listenerArn()))) {
                    found.add(owned(ResourceKind.LISTENER, listenerTags.get(listener.listenerArn()),
                            lb.loadBalancerName() + ":" + listener.port(), listener.listenerArn(),
                            lb.loadBalancerArn() + ":" + listener.port()));
                }
                List<Rule> rules = aws.elbv2().describeRules(r -> r.listenerArn(listener.listenerArn())).rules()
                        .stream().filter(rule -> !Boolean.TRUE.equals(rule.isDefault())).toList();
                Map<String, Map<String, String>> ruleTags = tags(aws, rules.stream().map(Rule::ruleArn).toList());
                for (Rule rule : rules) {
                    if (ours.apply(ruleTags.get(rule.ruleArn()))) {
                        found.add(owned(ResourceKind.LISTENER_RULE, ruleTags.get(rule.ruleArn()),
                                lb.loadBalancerName() + ":" + listener.port() + " priority " + rule.priority(),
                                rule.ruleArn(), listener.listenerArn() + " priority " + rule.priority()));
                    }
                }
            }
        }
        List<TargetGroup> groups = aws.elbv2().describeTargetGroupsPaginator().targetGroups().stream().toList();
        Map<String, Map<String, String>> groupTags = tags(aws, groups.stream().map(TargetGroup::targetGroupArn)
                .toList());
        for (TargetGroup group : groups) {
            if (ours.apply(groupTags.get(group.targetGroupArn()))) {
                found.add(owned(ResourceKind.TARGET_GROUP, groupTags.get(group.targetGroupArn()),
                        group.targetGroupName(), group.targetGroupArn(), group.targetGroupName()));
            }
        }
    }

    /** ELBv2 DescribeTags takes at most 20 ARNs a call. */
    static Map<String, Map<String, String>> tags(AwsClients aws, List<String> arns) {
        Map<String, Map<String, String>> tags = new TreeMap<>();
        for (int i = 0; i < arns.size(); i += 20) {
            List<String> chunk = arns.subList(i, Math.min(i + 20, arns.size()));
            aws.elbv2().describeTags(r -> r.resourceArns(chunk)).tagDescriptions().forEach(d -> tags.put(
                    d.resourceArn(), d.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()))));
        }
        arns.forEach(arn -> tags.putIfAbsent(arn, Map.of()));
        return tags;
    }

    private static Owned owned(ResourceKind kind, Map<String, String> tags, String name, String identifier,
                               String slot) {
        return new Owned(kind, tags.getOrDefault(OwnershipTags.RESOURCE, "?"), name, identifier, slot);
    }

    /** Resources sharing a logical id, or a slot (a name, a listener's port) that AWS should hold once. */
    List<String> duplicates() {
        List<String> duplicates = new ArrayList<>();
        groupedBy(o -> o.kind() + " " + o.logicalId()).forEach((key, group) -> {
            if (group.size() > 1) {
                duplicates.add(key + ": " + group);
            }
        });
        groupedBy(o -> o.kind() + " at " + o.slot()).forEach((key, group) -> {
            if (group.size() > 1 && group.stream().map(Owned::logicalId).distinct().count() > 1) {
                duplicates.add(key + ": " + group);
            }
        });
        return duplicates;
    }

    /** Owned resources the desired state does not name, by kind and logical id. */
    List<Owned> leaks(DesiredState desired) {
        Set<String> named = desired.resources().stream().map(r -> r.kind() + " " + r.id().value())
                .collect(Collectors.toSet());
        return resources.stream().filter(o -> !named.contains(o.kind() + " " + o.logicalId())).toList();
    }

    /** Desired resources with no owned resource of their kind and logical id. */
    List<DesiredResource> missing(DesiredState desired) {
        Set<String> present = resources.stream().map(o -> o.kind() + " " + o.logicalId()).collect(Collectors.toSet());
        return desired.resources().stream().filter(r -> !present.contains(r.kind() + " " + r.id().value())).toList();
    }

    private Map<String, List<Owned>> groupedBy(Function<Owned, String> key) {
        return resources.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    }
}
