package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrorKind;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.ContainerDefinition;
import io.tracefleet.desired.ContainerDefinition.LogConfiguration;
import io.tracefleet.desired.ContainerDefinition.PortMapping;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.Ref;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.desired.TaskDefinitionProperties;
import io.tracefleet.reconcile.Delta;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionFamilyStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An ECS task definition family. Revisions are immutable, so the family is the resource: it is addressed by its
 * name, it exposes its latest ACTIVE revision (what services run), and every change registers a new revision.
 * Older revisions are left ACTIVE until the family is pruned, so a rollback target always exists.
 */
public final class TaskDefinitionHandler implements ResourceHandler<TaskDefinitionHandler.View> {
    /** Superseded revisions kept ACTIVE after an update, newest first. */
    static final int KEPT_HISTORY = 3;

    /**
     * @param cpu    task CPU units
     * @param memory task memory in MiB
     */
    public record View(Integer cpu, Integer memory, String networkMode, Set<String> requiresCompatibilities,
                       String taskRoleArn, String executionRoleArn, Map<String, Container> containers) {
    }

    /** One container, keyed by name in {@link View#containers()} so drift paths read {@code containers.<name>.image}. */
    public record Container(String image, Boolean essential, Integer cpu, Integer memoryReservation,
                            Set<PortMapping> portMappings, Map<String, String> environment,
                            Map<String, String> secrets, List<String> command, LogConfiguration logConfiguration) {
    }

    private static final String ACTIVE = TaskDefinitionStatus.ACTIVE.toString();
    /** AWS's (and moto's) answer for a family that has no revision at all: a ClientException, not a 404 code. */
    private static final String MISSING_MESSAGE = "unable to describe task definition";

    @Override
    public ResourceKind kind() {
        return ResourceKind.TASK_DEFINITION;
    }

    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        return observedFamily(desired.physicalName(), context);
    }

    private record Family(String name) {
    }

    /** A family as this cycle saw it: asked once whether for its own resource or for the prune's listing. */
    private Optional<Observed<View>> observedFamily(String family, CycleContext context) {
        return context.memo().get(new Family(family), () -> observeFamily(family, context));
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        TaskDefinitionProperties properties = (TaskDefinitionProperties) desired.properties();
        Map<String, Container> containers = new TreeMap<>();
        properties.containers().forEach(c -> containers.put(c.name(), desiredContainer(c, context.outputs())));
        return new View(properties.cpu(), properties.memory(), properties.networkMode(),
                Set.copyOf(properties.requiresCompatibilities()), resolve(properties.taskRoleArn(), context),
                resolve(properties.executionRoleArn(), context), containers);
    }

    private static Container desiredContainer(ContainerDefinition c, Outputs outputs) {
        Map<String, String> environment = new TreeMap<>();
        c.environment().forEach((name, value) -> environment.put(name, outputs.resolve(value)));
        return new Container(outputs.resolve(c.image()), c.essential(),
                c.cpu() == null ? TaskDefinitions.NO_CONTAINER_CPU : c.cpu(), c.memoryReservation(),
                c.portMappings().stream().map(p -> TaskDefinitions.portMapping(p.containerPort(), p.protocol()))
                        .collect(Collectors.toUnmodifiableSet()),
                environment, c.secrets(), c.command(), c.logConfiguration());
    }

    private static String resolve(Ref ref, CycleContext context) {
        return ref == null ? null : context.outputs().resolve(ref);
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        // A retried register after a lost answer only adds an identical revision, which is harmless.
        return register(desired, view, context);
    }

    @Override
    public Observed<View> update(DesiredResource desired, View view, Observed<View> actual, Delta delta,
                                 CycleContext context) {
        // Images handed to CI (ignore: [image]) already carry the running value: the reconciler puts it there.
        Observed<View> registered = register(desired, view, context);
        deregisterSuperseded(desired.physicalName(), registered.outputs().get(Output.ARN), context);
        return registered;
    }

    /**
     * Every update leaves the previous revision ACTIVE, so a family would grow without end. Beyond the newest and
     * {@link #KEPT_HISTORY} before it (enough to roll back by hand), the revisions Tracefleet registered are
     * deregistered; revisions registered by someone else (untagged) are theirs and stay. Only after an update,
     * never on an idle cycle, so observing stays cheap.
     */
    private static void deregisterSuperseded(String family, String newest, CycleContext context) {
        List<String> older = activeRevisions(family, context).stream().filter(arn -> !arn.equals(newest)).toList();
        for (String arn : older.subList(Math.min(KEPT_HISTORY, older.size()), older.size())) {
            Map<String, String> tags = ClusterHandler.tagMap(
                    context.aws().ecs().listTagsForResource(r -> r.resourceArn(arn)).tags());
            if (OwnershipTags.isOwnedBy(tags, context.application())) {
                context.aws().ecs().deregisterTaskDefinition(r -> r.taskDefinition(arn));
            }
        }
    }

    private static Observed<View> register(DesiredResource desired, View view, CycleContext context) {
        RegisterTaskDefinitionResponse answer = context.aws().ecs().registerTaskDefinition(
                TaskDefinitions.registration(desired.physicalName(), view, desired.tags()));
        // The answer is the revision itself (no describe that could lag); moto leaves its tags out, and they are
        // the ones just sent.
        Map<String, String> tags = answer.hasTags() && !answer.tags().isEmpty()
                ? ClusterHandler.tagMap(answer.tags()) : desired.tags();
        Observed<View> registered = observed(answer.taskDefinition(), tags);
        context.memo().put(new Family(desired.physicalName()), Optional.of(registered));
        return registered;
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        context.aws().ecs().tagResource(r -> r.resourceArn(actual.outputs().get(Output.ARN))
                .tags(ClusterHandler.tags(desired.tags())));
    }

    @Override
    public void delete(Observed<?> actual, CycleContext context) {
        context.memo().forget(new Family(actual.identifier()));
        for (String arn : activeRevisions(actual.identifier(), context)) {
            try {
                context.aws().ecs().deregisterTaskDefinition(r -> r.taskDefinition(arn));
            } catch (RuntimeException e) {
                if (!isMissing(e)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        List<Observed<View>> owned = new ArrayList<>();
        context.aws().ecs().listTaskDefinitionFamiliesPaginator(r -> r.status(TaskDefinitionFamilyStatus.ACTIVE))
                .families().forEach(family -> observedFamily(family, context)
                        .filter(o -> o.isOwnedBy(context.application()))
                        .ifPresent(owned::add));
        return owned;
    }

    private Optional<Observed<View>> observeFamily(String family, CycleContext context) {
        Optional<DescribeTaskDefinitionResponse> latest = describe(family, context);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        DescribeTaskDefinitionResponse answer = latest.get();
        if (!ACTIVE.equals(answer.taskDefinition().statusAsString())) {
            // AWS answers a family with its latest ACTIVE revision; moto with its newest, even when INACTIVE.
            List<String> active = activeRevisions(family, context);
            if (active.isEmpty()) {
                return Optional.empty();
            }
            Optional<DescribeTaskDefinitionResponse> newestActive = describe(active.get(0), context);
            if (newestActive.isEmpty()) {
                return Optional.empty();
            }
            answer = newestActive.get();
        }
        TaskDefinition definition = answer.taskDefinition();
        return Optional.of(observed(definition, familyTags(family, definition,
                ClusterHandler.tagMap(answer.tags()), context)));
    }

    /**
     * Tags belong to revisions, and a revision registered by hand (a hot fix, a CI pipeline) carries none: the
     * family stays Tracefleet's as long as one of its ACTIVE revisions says so. The older revisions are only read
     * when the newest is untagged.
     */
    private static Map<String, String> familyTags(String family, TaskDefinition latest, Map<String, String> tags,
                                                  CycleContext context) {
        if (isTracefleets(tags)) {
            return tags;
        }
        for (String arn : activeRevisions(family, context)) {
            if (arn.equals(latest.taskDefinitionArn())) {
                continue;
            }
            Map<String, String> older = ClusterHandler.tagMap(
                    context.aws().ecs().listTagsForResource(r -> r.resourceArn(arn)).tags());
            if (isTracefleets(older)) {
                return older;
            }
        }
        return tags;
    }

    private static boolean isTracefleets(Map<String, String> tags) {
        return OwnershipTags.MANAGED_BY_VALUE.equals(tags.get(OwnershipTags.MANAGED_BY));
    }

    private static Optional<DescribeTaskDefinitionResponse> describe(String familyOrArn, CycleContext context) {
        try {
            return Optional.of(context.aws().ecs().describeTaskDefinition(r -> r.taskDefinition(familyOrArn)
                    .include(TaskDefinitionField.TAGS)));
        } catch (RuntimeException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static List<String> activeRevisions(String family, CycleContext context) {
        List<String> arns = new ArrayList<>();
        context.aws().ecs().listTaskDefinitionsPaginator(r -> r.familyPrefix(family).status(TaskDefinitionStatus.ACTIVE))
                .taskDefinitionArns().forEach(arns::add);
        return TaskDefinitions.revisionsOfFamily(family, arns);
    }

    static boolean isMissing(RuntimeException e) {
        if (AwsErrors.classify(e) == AwsErrorKind.NOT_FOUND) {
            return true;
        }
        return AwsErrors.errorCode(e).filter("ClientException"::equals).isPresent()
                && AwsErrors.awsMessage(e).toLowerCase(Locale.ROOT).contains(MISSING_MESSAGE);
    }

    private static Observed<View> observed(TaskDefinition definition, Map<String, String> tags) {
        return new Observed<>(ResourceKind.TASK_DEFINITION, definition.family(), definition.family(), tags,
                Map.of(Output.ARN, definition.taskDefinitionArn(), Output.ID, definition.family()),
                TaskDefinitions.view(definition));
    }
}
