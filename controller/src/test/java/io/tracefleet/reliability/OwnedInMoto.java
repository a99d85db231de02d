package io.tracefleet.reliability;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything in moto that carries an application's ownership tags, read straight from moto with plain SDK calls
 * rather than through the handlers' own {@code listOwned}: a leak the handlers cannot see is still found here.
 * A task definition is one resource per family with an ACTIVE revision (deregistered revisions are AWS's history,
 * and a few older ACTIVE ones are kept for rollbacks); {@link #revisionsByFamily} counts every revision ever
 * registered, ACTIVE or not. Services count unless INACTIVE.
 */
record OwnedInMoto(List<Owned> resources, Map<String, Integer> revisionsByFamily) {

    /** One owned resource: its kind, the logical id its {@code tracefleet.io/resource} tag names, its name. */
    record Owned(ResourceKind kind, String logicalId, String physicalName) {
        @Override
        public String toString() {
            return kind.label() + " " + logicalId + " (" + physicalName + ")";
        }
    }

    static OwnedInMoto read(AwsClients aws, String application) {
        List<Owned> owned = new ArrayList<>();
        Map<String, Integer> revisions = new TreeMap<>();
        ecs(aws, application, owned, revisions);
        elb(aws, application, owned);
        aws.iam().listRolesPaginator().roles().forEach(role -> {
            Map<String, String> tags = aws.iam().listRoleTags(r -> r.roleName(role.roleName())).tags().stream()
                    .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
            add(owned, ResourceKind.IAM_ROLE, role.roleName(), tags, application);
        });
        aws.ec2().describeSecurityGroups().securityGroups().forEach(group -> add(owned,
                ResourceKind.SECURITY_GROUP, group.groupName(), group.tags().stream()
                        .collect(Collectors.toMap(t -> t.key(), t -> t.value())), application));
        aws.logs().describeLogGroups().logGroups().forEach(group -> add(owned, ResourceKind.LOG_GROUP,
                group.logGroupName(), aws.logs().listTagsForResource(r -> r.resourceArn(
                        group.arn().replaceAll(":\\*$", ""))).tags(), application));
        aws.ecr().describeRepositories().repositories().forEach(repository -> add(owned,
                ResourceKind.ECR_REPOSITORY, repository.repositoryName(), aws.ecr().listTagsForResource(r ->
                        r.resourceArn(repository.repositoryArn())).tags().stream()
                        .collect(Collectors.toMap(t -> t.key(), t -> t.value())), application));
        return new OwnedInMoto(List.copyOf(owned), revisions);
    }

    /** Logical ids claimed by more than one resource of a kind: {@code kind id -> names}. */
    Map<String, List<String>> duplicates() {
        return resources.stream()
                .collect(Collectors.groupingBy(o -> o.kind().label() + " " + o.logicalId(), TreeMap::new,
                        Collectors.mapping(Owned::physicalName, Collectors.toList())))
                .entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private static void ecs(AwsClients aws, String application, List<Owned> owned, Map<String, Integer> revisions) {
        List<String> clusters = aws.ecs().listClusters().clusterArns();
        if (!clusters.isEmpty()) {
            aws.ecs().describeClusters(r -> r.clusters(clusters).include(ClusterField.TAGS)).clusters()
                    .forEach(cluster -> {
                        add(owned, ResourceKind.ECS_CLUSTER, cluster.clusterName(), ecsTags(cluster.tags()),
                                application);
                        List<String> services = aws.ecs().listServices(r -> r.cluster(cluster.clusterArn()))
                                .serviceArns();
                        if (!services.isEmpty()) {
                            aws.ecs().describeServices(r -> r.cluster(cluster.clusterArn()).services(services)
                                    .include(ServiceField.TAGS)).services().stream()
                                    .filter(service -> !"INACTIVE".equals(service.status()))
                                    .forEach(service -> add(owned, ResourceKind.ECS_SERVICE, service.serviceName(),
                                            ecsTags(service.tags()), application));
                        }
                    });
        }
        for (TaskDefinitionStatus status : List.of(TaskDefinitionStatus.ACTIVE, TaskDefinitionStatus.INACTIVE)) {
            for (String arn : aws.ecs().listTaskDefinitions(r -> r.status(status)).taskDefinitionArns()) {
                Map<String, String> tags = ecsTags(aws.ecs().listTagsForResource(r -> r.resourceArn(arn)).tags());
                if (!OwnershipTags.claims(tags, application)) {
                    continue;
                }
                String family = arn.substring(arn.lastIndexOf('/') + 1, arn.lastIndexOf(':'));
                revisions.merge(family, 1, Integer::sum);
                // Older ACTIVE revisions of a family are kept on purpose (KEPT_HISTORY): one resource per family.
                boolean seen = owned.stream().anyMatch(o -> o.kind() == ResourceKind.TASK_DEFINITION
                        && o.physicalName().equals(family));
                if (status == TaskDefinitionStatus.ACTIVE && !seen) {
                    add(owned, ResourceKind.TASK_DEFINITION, family, tags, application);
                }
            }
        }
    }

    private static void elb(AwsClients aws, String application, List<Owned> owned) {
        List<LoadBalancer> balancers = aws.elbv2().describeLoadBalancers().loadBalancers();
        Map<String, String> names = new HashMap<>();
        Map<String, ResourceKind> kinds = new HashMap<>();
        for (LoadBalancer lb : balancers) {
            names.put(lb.loadBalancerArn(), lb.loadBalancerName());
            kinds.put(lb.loadBalancerArn(), ResourceKind.LOAD_BALANCER);
            for (Listener listener : aws.elbv2().describeListeners(r -> r.loadBalancerArn(lb.loadBalancerArn()))
                    .listeners()) {
                names.put(listener.listenerArn(), lb.loadBalancerName() + ":" + listener.port());
                kinds.put(listener.listenerArn(), ResourceKind.LISTENER);
                for (Rule rule : aws.elbv2().describeRules(r -> r.listenerArn(listener.listenerArn())).rules()) {
                    if (!rule.isDefault()) {
                        names.put(rule.ruleArn(), lb.loadBalancerName() + ":" + listener.port() + " priority "
                                + rule.priority());
                        kinds.put(rule.ruleArn(), ResourceKind.LISTENER_RULE);
                    }
                }
            }
        }
        for (TargetGroup tg : aws.elbv2().describeTargetGroups().targetGroups()) {
            names.put(tg.targetGroupArn(), tg.targetGroupName());
            kinds.put(tg.targetGroupArn(), ResourceKind.TARGET_GROUP);
        }
        List<String> arns = new ArrayList<>(names.keySet());
        // DescribeTags takes at most 20 ARNs a call.
        for (int from = 0; from < arns.size(); from += 20) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + 20));
            aws.elbv2().describeTags(r -> r.resourceArns(batch)).tagDescriptions().forEach(description -> add(owned,
                    kinds.get(description.resourceArn()), names.get(description.resourceArn()),
                    description.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())),
                    application));
        }
    }

    private static Map<String, String> ecsTags(List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
        return tags == null ? Map.of() : tags.stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }

    private static void add(List<Owned> owned, ResourceKind kind, String name, Map<String, String> tags,
                            String application) {
        if (OwnershipTags.claims(tags, application)) {
            owned.add(new Owned(kind, tags.getOrDefault(OwnershipTags.RESOURCE, "?"), name));
        }
    }
}
