package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrorKind;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.ContainerDefinition;
import io.tracefleet.diff.Sensitive;
import io.tracefleet.desired.ContainerDefinition.HealthCheck;
import io.tracefleet.desired.ContainerDefinition.LogConfiguration;
import io.tracefleet.desired.ContainerDefinition.PortMapping;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.Ref;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.desired.TaskDefinitionProperties;
import io.tracefleet.diff.Delta;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>
 * A pass finds each family's latest ACTIVE revision in one listing of the region's ACTIVE revisions, and reads a
 * revision's content only the first time this process meets its ARN ({@link RevisionStore}): an idle pass makes
 * no DescribeTaskDefinition, while a revision registered by someone else is a new ARN, hence read and compared.
 * A revision's tags are read with its content, and otherwise only when the family needs a write or a prune
 * decision ({@link #readTags}).
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
                            Set<PortMapping> portMappings, @Sensitive Map<String, String> environment,
                            Map<String, String> secrets, List<String> command, LogConfiguration logConfiguration,
                            HealthCheck healthCheck) {

        /** A container whose health check is not Tracefleet's to manage. */
        public Container(String image, Boolean essential, Integer cpu, Integer memoryReservation,
                         Set<PortMapping> portMappings, Map<String, String> environment, Map<String, String> secrets,
                         List<String> command, LogConfiguration logConfiguration) {
            this(image, essential, cpu, memoryReservation, portMappings, environment, secrets, command,
                    logConfiguration, null);
        }
    }

    /** AWS's (and moto's) answer for a family that has no revision at all: a ClientException, not a 404 code. */
    private static final String MISSING_MESSAGE = "unable to describe task definition";

    private final RevisionStore revisions;

    public TaskDefinitionHandler() {
        this(new RevisionStore(RevisionStore.DEFAULT_CAPACITY));
    }

    TaskDefinitionHandler(RevisionStore revisions) {
        this.revisions = revisions;
    }

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
                environment, c.secrets(), c.command(), c.logConfiguration(), c.healthCheck());
    }

    private static String resolve(Ref ref, CycleContext context) {
        return ref == null ? null : context.outputs().resolve(ref);
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
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
     * {@link #KEPT_HISTORY} before it (enough to roll back by hand), the revisions Tracefleet registered (with
     * its proof) are deregistered; revisions registered by someone else are theirs and stay. Only after an update,
     * never on an idle cycle, so observing stays cheap.
     */
    private void deregisterSuperseded(String family, String newest, CycleContext context) {
        List<String> older = activeRevisions(family, context).stream().filter(arn -> !arn.equals(newest)).toList();
        for (String arn : older.subList(Math.min(KEPT_HISTORY, older.size()), older.size())) {
            Map<String, String> tags = EcsTags.toMap(
                    context.aws().ecs().listTagsForResource(r -> r.resourceArn(arn)).tags());
            if (context.ownership().proves(ResourceKind.TASK_DEFINITION, family, tags)) {
                context.aws().ecs().deregisterTaskDefinition(r -> r.taskDefinition(arn));
                revisions.forget(arn);
            }
        }
    }

    /**
     * RegisterTaskDefinition takes no idempotency token, so the SDK retrying it after an answer that was lost (AWS
     * registered, the connection dropped) would add a second revision for one change. It is sent once; after a
     * failure whose outcome is unknown (5xx, a dropped connection, a timeout) the family is read afresh, and a new
     * newest revision that is Tracefleet's and has exactly this content is the one the lost answer carried. Any
     * other failure, a throttle included (AWS refused it), is left to the next pass, which the loop runs soon.
     */
    private Observed<View> register(DesiredResource desired, View view, CycleContext context) {
        String family = desired.physicalName();
        Optional<String> newestBefore = activeByFamily(context).getOrDefault(family, List.of()).stream().findFirst();
        RegisterTaskDefinitionResponse answer;
        try {
            answer = context.aws().ecs().registerTaskDefinition(TaskDefinitions.registration(family, view,
                    context.ownership().tagsFor(desired)).toBuilder().overrideConfiguration(o -> o.addPlugin(SENT_ONCE)).build());
        } catch (RuntimeException e) {
            if (AwsErrors.classify(e) != AwsErrorKind.RETRYABLE || isThrottling(e)) {
                throw e;
            }
            Optional<Observed<View>> landed = landedDespiteLostAnswer(family, newestBefore, view, context);
            if (landed.isEmpty()) {
                throw e;
            }
            context.memo().put(new Family(family), landed);
            return landed.get();
        }
        // The answer is the revision itself (no describe that could lag); moto leaves its tags out, and they are
        // the ones just sent.
        Map<String, String> tags = answer.hasTags() && !answer.tags().isEmpty()
                ? EcsTags.toMap(answer.tags()) : context.ownership().tagsFor(desired);
        Observed<View> registered = observed(remember(answer.taskDefinition()), tags);
        context.memo().put(new Family(desired.physicalName()), Optional.of(registered));
        return registered;
    }

    /** Drops the SDK's retries for one request, keeping the client's interceptors and timeouts. */
    private static final SdkPlugin SENT_ONCE = config -> config.overrideConfiguration(
            o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));

    private static boolean isThrottling(RuntimeException e) {
        return e instanceof SdkServiceException service && service.isThrottlingException();
    }

    private Optional<Observed<View>> landedDespiteLostAnswer(String family, Optional<String> newestBefore,
                                                             View view, CycleContext context) {
        Optional<String> newest = activeRevisions(family, context).stream().findFirst();
        if (newest.isEmpty() || newest.equals(newestBefore)) {
            return Optional.empty();
        }
        return describe(newest.get(), context).flatMap(answer -> {
            Map<String, String> tags = EcsTags.toMap(answer.tags());
            RevisionStore.Revision revision = remember(answer.taskDefinition());
            boolean ours = context.ownership().proves(ResourceKind.TASK_DEFINITION, family, tags);
            return ours && Delta.between(view, revision.view()).isEmpty()
                    ? Optional.of(observed(revision, tags)) : Optional.empty();
        });
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        context.aws().ecs().tagResource(r -> r.resourceArn(actual.outputs().get(Output.ARN))
                .tags(EcsTags.toSdk(context.ownership().tagsFor(desired))));
    }

    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        context.memo().forget(new Family(actual.identifier()));
        for (String arn : activeRevisions(actual.identifier(), context)) {
            try {
                context.aws().ecs().deregisterTaskDefinition(r -> r.taskDefinition(arn));
                revisions.forget(arn);
            } catch (RuntimeException e) {
                if (!isMissing(e)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Observed<View> readTags(Observed<View> actual, CycleContext context) {
        String latest = actual.outputs().get(Output.ARN);
        Map<String, String> tags = EcsTags.toMap(
                context.aws().ecs().listTagsForResource(r -> r.resourceArn(latest)).tags());
        return actual.withTags(familyTags(actual.identifier(), latest, tags, context));
    }

    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        // A family the spec names is never pruned (it is in use, or not ours): its tags would be a call for nothing.
        Set<String> named = context.desired().ofKind(ResourceKind.TASK_DEFINITION).stream()
                .map(DesiredResource::physicalName).collect(Collectors.toSet());
        List<Observed<View>> owned = new ArrayList<>();
        activeByFamily(context).keySet().stream().filter(family -> !named.contains(family)).sorted()
                .forEach(family -> observedFamily(family, context)
                        .map(o -> o.tagsRead() ? o : readTags(o, context))
                        .filter(o -> o.isClaimedBy(context.application()))
                        .ifPresent(owned::add));
        return owned;
    }

    private record ActiveRevisions() {
    }

    /**
     * Every ACTIVE revision in the region by family, newest first: one listing a cycle (100 ARNs a page on AWS)
     * in place of a describe per family. Fresh each cycle, so a revision registered or deregistered by anyone shows.
     */
    private static Map<String, List<String>> activeByFamily(CycleContext context) {
        return context.memo().get(new ActiveRevisions(), () -> {
            List<String> arns = new ArrayList<>();
            context.aws().ecs().listTaskDefinitionsPaginator(r -> r.status(TaskDefinitionStatus.ACTIVE))
                    .taskDefinitionArns().forEach(arns::add);
            Map<String, List<String>> byFamily = new HashMap<>();
            arns.stream().collect(Collectors.groupingBy(TaskDefinitions::familyOf))
                    .forEach((family, ofFamily) -> byFamily.put(family,
                            TaskDefinitions.revisionsOfFamily(family, ofFamily)));
            return Map.copyOf(byFamily);
        });
    }

    private Optional<Observed<View>> observeFamily(String family, CycleContext context) {
        List<String> active = activeByFamily(context).getOrDefault(family, List.of());
        if (active.isEmpty()) {
            return Optional.empty();
        }
        String latest = active.get(0);
        Optional<RevisionStore.Revision> known = revisions.get(latest);
        if (known.isPresent()) {
            RevisionStore.Revision revision = known.get();
            return Optional.of(Observed.withoutTags(ResourceKind.TASK_DEFINITION, revision.family(),
                    revision.family(), outputs(revision), revision.view()));
        }
        Optional<DescribeTaskDefinitionResponse> answer = describe(latest, context);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        // The describe brings the tags along: this first sight checks ownership at no extra cost.
        RevisionStore.Revision revision = remember(answer.get().taskDefinition());
        return Optional.of(observed(revision, familyTags(family, latest,
                EcsTags.toMap(answer.get().tags()), context)));
    }

    private RevisionStore.Revision remember(TaskDefinition definition) {
        RevisionStore.Revision revision = new RevisionStore.Revision(definition.taskDefinitionArn(),
                definition.family(), TaskDefinitions.view(definition));
        revisions.put(revision);
        return revision;
    }

    /**
     * Tags belong to revisions, and a revision registered by hand (a hot fix, a CI pipeline) carries none: the
     * family stays Tracefleet's as long as one of its ACTIVE revisions proves it. The older revisions are only read
     * when the newest proves nothing. A revision that only claims the family (tags without proof) does not make it
     * ours; failing any proof, the first claim found is what the family shows, so it is reported as unproven.
     */
    private static Map<String, String> familyTags(String family, String latestArn, Map<String, String> tags,
                                                  CycleContext context) {
        if (proves(family, tags, context)) {
            return tags;
        }
        Map<String, String> claimed = isTracefleets(tags) ? tags : null;
        for (String arn : activeByFamily(context).getOrDefault(family, List.of())) {
            if (arn.equals(latestArn)) {
                continue;
            }
            Map<String, String> older = EcsTags.toMap(
                    context.aws().ecs().listTagsForResource(r -> r.resourceArn(arn)).tags());
            if (proves(family, older, context)) {
                return older;
            }
            if (claimed == null && isTracefleets(older)) {
                claimed = older;
            }
        }
        return claimed != null ? claimed : tags;
    }

    private static boolean proves(String family, Map<String, String> tags, CycleContext context) {
        return context.ownership().proves(ResourceKind.TASK_DEFINITION, family, tags);
    }

    private static boolean isTracefleets(Map<String, String> tags) {
        return OwnershipTags.MANAGED_BY_VALUE.equals(tags.get(OwnershipTags.MANAGED_BY));
    }

    private static Optional<DescribeTaskDefinitionResponse> describe(String arn, CycleContext context) {
        try {
            return Optional.of(context.aws().ecs().describeTaskDefinition(r -> r.taskDefinition(arn)
                    .include(TaskDefinitionField.TAGS)));
        } catch (RuntimeException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The family's ACTIVE revisions read afresh, not from the cycle's listing: they decide what is deregistered,
     * and this cycle may have registered one since.
     */
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

    private static Observed<View> observed(RevisionStore.Revision revision, Map<String, String> tags) {
        return new Observed<>(ResourceKind.TASK_DEFINITION, revision.family(), revision.family(), tags,
                outputs(revision), revision.view());
    }

    private static Map<Output, String> outputs(RevisionStore.Revision revision) {
        return Map.of(Output.ARN, revision.arn(), Output.ID, revision.family());
    }
}
