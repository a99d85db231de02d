package io.tracefleet.resources;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceProperties;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.diff.Drift;
import io.tracefleet.reconcile.ResourceStatus;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Edits of the example's desired state, and out-of-band changes made the way a person would. */
final class EcsTestStates {
    private EcsTestStates() {
    }

    @SuppressWarnings("unchecked")
    static <P extends ResourceProperties> DesiredState edit(DesiredState state, String id, UnaryOperator<P> edit) {
        return new DesiredState(state.application(), state.region(), state.resources().stream()
                .map(r -> !r.id().equals(LogicalId.of(id)) ? r : new DesiredResource(r.kind(), r.id(),
                        r.physicalName(), edit.apply((P) r.properties()), r.tags(), r.dependsOn()))
                .toList());
    }

    static DesiredState withoutService(DesiredState state, String service) {
        return new DesiredState(state.application(), state.region(), state.resources().stream()
                .filter(r -> !r.id().value().startsWith(service + "/")).toList());
    }

    static Map<String, ResourceStatus> byId(CycleResult result) {
        return result.resources().stream().collect(Collectors.toMap(r -> r.id().value(), r -> r, (a, b) -> a));
    }

    static List<String> paths(ResourceStatus status) {
        return status.drift().stream().map(Drift::path).toList();
    }

    /** A new revision registered by hand, without tags, with one container changed, and the service moved to it. */
    static String registerByHand(AwsClients aws, String family, UnaryOperator<ContainerDefinition> change) {
        TaskDefinition current = aws.ecs().describeTaskDefinition(r -> r.taskDefinition(family)).taskDefinition();
        List<ContainerDefinition> containers = new ArrayList<>();
        for (ContainerDefinition c : current.containerDefinitions()) {
            containers.add(c.name().equals(family) ? change.apply(c) : c);
        }
        String arn = aws.ecs().registerTaskDefinition(r -> r.family(family).cpu(current.cpu())
                .memory(current.memory()).networkMode(current.networkMode())
                .requiresCompatibilitiesWithStrings(current.requiresCompatibilitiesAsStrings())
                .taskRoleArn(current.taskRoleArn()).executionRoleArn(current.executionRoleArn())
                .containerDefinitions(containers)).taskDefinition().taskDefinitionArn();
        aws.ecs().updateService(r -> r.cluster("xray-fargate").service(family).taskDefinition(arn));
        return arn;
    }

    static UnaryOperator<ContainerDefinition> env(String name, String value) {
        return c -> {
            List<KeyValuePair> env = new ArrayList<>(c.environment().stream().filter(e -> !e.name().equals(name))
                    .toList());
            env.add(KeyValuePair.builder().name(name).value(value).build());
            return c.toBuilder().environment(env).build();
        };
    }

    static TaskDefinition latest(AwsClients aws, String family) {
        return aws.ecs().describeTaskDefinition(r -> r.taskDefinition(family)).taskDefinition();
    }

    static Map<String, String> envOf(TaskDefinition definition, String container) {
        return definition.containerDefinitions().stream().filter(c -> c.name().equals(container)).findFirst()
                .orElseThrow().environment().stream()
                .collect(Collectors.toMap(KeyValuePair::name, KeyValuePair::value));
    }
}
