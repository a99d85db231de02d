package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrorKind;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.desired.ServiceProperties;
import io.tracefleet.desired.Vpc;
import io.tracefleet.diff.Delta;
import io.tracefleet.diff.FieldPath;
import io.tracefleet.diff.Health;
import io.tracefleet.diff.HealthVerdict;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An ECS service on Fargate. Everything but its cluster and launch type changes in place with one UpdateService
 * that carries only what drifted, so a field someone else owns (an autoscaled desiredCount) is never sent back.
 */
public final class EcsServiceHandler implements ResourceHandler<EcsServiceHandler.View> {
    private static final FieldPath ASSIGN_PUBLIC_IP = FieldPath.of(View.class, "assignPublicIp");
    private static final FieldPath CLUSTER = FieldPath.of(View.class, "cluster");
    private static final FieldPath DEPLOYMENT = FieldPath.of(View.class, "deployment");
    private static final FieldPath DESIRED_COUNT = FieldPath.of(View.class, "desiredCount");
    private static final FieldPath LAUNCH_TYPE = FieldPath.of(View.class, "launchType");
    private static final FieldPath LOAD_BALANCERS = FieldPath.of(View.class, "loadBalancers");
    private static final FieldPath SECURITY_GROUPS = FieldPath.of(View.class, "securityGroups");
    private static final FieldPath SUBNETS = FieldPath.of(View.class, "subnets");
    private static final FieldPath TASK_DEFINITION = FieldPath.of(View.class, "taskDefinition");

    /**
     * @param cluster  the cluster ARN; a service cannot move, so this only ever differs through a replacement
     * @param rollout  what AWS reports about running tasks, for {@link #health}; never desired (null in a desired
     *                 view, so never drift)
     */
    public record View(String cluster, String taskDefinition, Integer desiredCount, String launchType,
                       Deployment deployment, Set<String> subnets, Set<String> securityGroups, Boolean assignPublicIp,
                       Set<Binding> loadBalancers, Rollout rollout) {
        View withRollout(Rollout read) {
            return new View(cluster, taskDefinition, desiredCount, launchType, deployment, subnets, securityGroups,
                    assignPublicIp, loadBalancers, read);
        }
    }

    /** {@code rollback} follows {@code circuitBreaker}: the spec's breaker is "on, with rollback" or off. */
    public record Deployment(Integer maximumPercent, Integer minimumHealthyPercent, Boolean circuitBreaker,
                             Boolean rollback) {
    }

    public record Binding(String targetGroupArn, String containerName, Integer containerPort) {
    }

    /**
     * @param targets null when the pass did not read them (no running task, no target group, or a settled service
     *                under {@link TargetHealthReads#UNSETTLED})
     */
    public record Rollout(int runningCount, int deployments, boolean failed, TargetHealth targets) {
        Rollout withTargets(TargetHealth read) {
            return new Rollout(runningCount, deployments, failed, read);
        }
    }

    /** A health state and the figures behind it, for status. */
    private static final String ACTIVE = "ACTIVE";
    private static final String MISSING = "MISSING";
    private static final int DESCRIBE_BATCH = 10;
    /** ListServices answers at most 100 ARNs a page (10 unless asked). */
    private static final int LIST_PAGE = 100;

    private final TargetHealthReads targetHealth;

    public EcsServiceHandler() {
        this(TargetHealthReads.UNSETTLED);
    }

    public EcsServiceHandler(TargetHealthReads targetHealth) {
        this.targetHealth = targetHealth;
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.ECS_SERVICE;
    }

    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        String cluster = context.outputs().resolve(((ServiceProperties) desired.properties()).cluster());
        Observations seen = observations(cluster, context);
        Optional<Observed<View>> known = seen.byName.get(desired.physicalName());
        if (known == null) {
            // A name the cycle did not ask about up front (a replacement's twin).
            known = describe(cluster, List.of(desired.physicalName()), context).stream().findFirst();
            seen.put(desired.physicalName(), known);
        }
        return known.map(service -> targetHealth.reads(service.view()) ? withTargetHealth(service, context)
                : service);
    }

    /**
     * Reads the health checks' verdict on a running service's targets: one DescribeTargetHealth per target group
     * (AWS has no batch form). Only for health, never for drift; a failed read leaves the service's sync alone and
     * shows as unreadable in its health reason.
     */
    private static Observed<View> withTargetHealth(Observed<View> service, CycleContext context) {
        View view = service.view();
        TargetHealth targets = TargetHealth.NONE;
        for (String group : view.loadBalancers().stream().map(Binding::targetGroupArn).distinct().sorted().toList()) {
            try {
                targets = targets.plus(TargetHealth.of(context.aws().elbv2()
                        .describeTargetHealth(r -> r.targetGroupArn(group)).targetHealthDescriptions()));
            } catch (RuntimeException e) {
                if (AwsErrors.isAborted(e)) {
                    throw e;
                }
                if (AwsErrors.classify(e) != AwsErrorKind.NOT_FOUND) {
                    targets = targets.plus(TargetHealth.unreadable(
                            AwsErrors.errorCode(e).orElse(e.getClass().getSimpleName())));
                }
            }
        }
        return service.withView(view.withRollout(view.rollout().withTargets(targets)));
    }

    /** What this cycle saw of the services in one cluster, by name; kept current by this handler's writes. */
    private record Observations(Map<String, Optional<Observed<View>>> byName) {
        void put(String name, Optional<Observed<View>> observed) {
            byName.put(name, observed);
        }

        Optional<Observed<View>> byArn(String arn) {
            return byName.values().stream().flatMap(Optional::stream).filter(o -> o.identifier().equals(arn))
                    .findFirst();
        }
    }

    private record ClusterServices(String cluster) {
    }

    /**
     * Every service this application wants in the cluster, described ten names a call the first time the cycle
     * asks about one of them: one call instead of ten, and the prune's listing reuses the answers.
     */
    private static Observations observations(String cluster, CycleContext context) {
        return context.memo().get(new ClusterServices(cluster), () -> {
            List<String> names = context.desired().resources().stream()
                    .filter(r -> r.kind() == ResourceKind.ECS_SERVICE)
                    .filter(r -> cluster.equals(resolvedCluster(r, context)))
                    .map(DesiredResource::physicalName)
                    .distinct()
                    .toList();
            Observations seen = new Observations(new java.util.concurrent.ConcurrentHashMap<>());
            names.forEach(name -> seen.put(name, Optional.empty()));
            for (int i = 0; i < names.size(); i += DESCRIBE_BATCH) {
                describe(cluster, names.subList(i, Math.min(names.size(), i + DESCRIBE_BATCH)), context)
                        .forEach(o -> seen.put(o.physicalName(), Optional.of(o)));
            }
            return seen;
        });
    }

    private static String resolvedCluster(DesiredResource service, CycleContext context) {
        try {
            return context.outputs().resolve(((ServiceProperties) service.properties()).cluster());
        } catch (Outputs.UnresolvedReference e) {
            return null;
        }
    }

    private static void remember(String cluster, Observed<View> observed, CycleContext context) {
        observations(cluster, context).put(observed.physicalName(), Optional.of(observed));
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        ServiceProperties p = (ServiceProperties) desired.properties();
        Outputs outputs = context.outputs();
        Set<String> subnets = Set.copyOf(context.network().subnetIds(p.subnets(), Vpc.DEFAULT));
        Set<String> groups = p.securityGroups().stream().map(outputs::resolve).collect(Collectors.toUnmodifiableSet());
        Set<Binding> bindings = p.loadBalancers().stream()
                .map(b -> new Binding(outputs.resolve(b.targetGroup()), b.containerName(), b.containerPort()))
                .collect(Collectors.toUnmodifiableSet());
        ServiceProperties.Deployment d = p.deployment();
        return new View(outputs.resolve(p.cluster()), outputs.resolve(p.taskDefinition()), p.desiredCount(),
                p.launchType(), new Deployment(d.maximumPercent(), d.minimumHealthyPercent(), d.circuitBreaker(),
                d.circuitBreaker()), subnets, groups, p.assignPublicIp(), bindings, null);
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        CreateServiceRequest request = CreateServiceRequest.builder()
                .cluster(view.cluster())
                .serviceName(desired.physicalName())
                .taskDefinition(view.taskDefinition())
                .desiredCount(view.desiredCount())
                .launchType(view.launchType())
                .deploymentConfiguration(deploymentConfiguration(view.deployment()))
                .networkConfiguration(networkConfiguration(view))
                .loadBalancers(loadBalancers(view.loadBalancers()))
                .tags(EcsTags.toSdk(context.ownership().tagsFor(desired)))
                .clientToken(clientToken(context.application(), desired.id().value(), view))
                .build();
        try {
            Service created = context.aws().ecs().createService(request).service();
            Observed<View> observed = observed(created, context.ownership().tagsFor(desired));
            remember(view.cluster(), observed, context);
            return observed;
        } catch (RuntimeException e) {
            if (isStillDraining(e)) {
                throw new NotVisibleYet("service " + desired.physicalName() + " is still draining from an earlier "
                        + "delete; ECS creates it again once it is gone");
            }
            if (AwsErrors.classify(e) != AwsErrorKind.ALREADY_EXISTS) {
                throw e;
            }
            // Asked afresh: the cycle's earlier answer said it did not exist.
            Optional<Observed<View>> existing = describe(view.cluster(), List.of(desired.physicalName()), context)
                    .stream().findFirst();
            existing.ifPresent(o -> remember(view.cluster(), o, context));
            return existing.orElseThrow(() -> new NotVisibleYet("service "
                    + desired.physicalName() + " exists but is not visible yet"));
        }
    }

    @Override
    public Optional<String> replacementReason(Delta delta) {
        return delta.touches(LAUNCH_TYPE) || delta.touches(CLUSTER)
                ? Optional.of("ECS cannot change a service's launch type or cluster in place") : Optional.empty();
    }

    @Override
    public Observed<View> update(DesiredResource desired, View view, Observed<View> actual, Delta delta,
                                 CycleContext context) {
        UpdateServiceRequest.Builder request = UpdateServiceRequest.builder()
                .cluster(view.cluster())
                .service(desired.physicalName());
        if (delta.touches(TASK_DEFINITION)) {
            request.taskDefinition(view.taskDefinition());
        }
        if (delta.touches(DESIRED_COUNT)) {
            request.desiredCount(view.desiredCount());
        }
        if (delta.touches(DEPLOYMENT)) {
            request.deploymentConfiguration(deploymentConfiguration(view.deployment()));
        }
        if (delta.touches(SUBNETS) || delta.touches(SECURITY_GROUPS) || delta.touches(ASSIGN_PUBLIC_IP)) {
            request.networkConfiguration(networkConfiguration(view));
        }
        if (delta.touches(LOAD_BALANCERS)) {
            request.loadBalancers(loadBalancers(view.loadBalancers()));
        }
        Service updated = context.aws().ecs().updateService(request.build()).service();
        Observed<View> observed = observed(updated, actual.tags());
        remember(view.cluster(), observed, context);
        return observed;
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        context.aws().ecs().tagResource(r -> r.resourceArn(actual.identifier())
                .tags(EcsTags.toSdk(context.ownership().tagsFor(desired))));
    }

    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        View view = actual.view();
        // Without force ECS refuses to delete a service that still has tasks; scaling to 0 first is one more
        // write and one more pass for the same end.
        AwsErrors.ignoringNotFound(() -> context.aws().ecs().deleteService(
                r -> r.cluster(view.cluster()).service(actual.identifier()).force(true)));
        observations(view.cluster(), context).put(actual.physicalName(), Optional.empty());
    }

    @Override
    public HealthVerdict health(Observed<View> actual) {
        return verdict(actual.view());
    }

    static Health health(View view) {
        return verdict(view).health();
    }

    /**
     * Worst signal first: a failed rollout, then a load balancer that finds no healthy task, then anything still
     * moving (tasks short of the desired count, two deployments, targets in their first checks or failing while
     * others pass — ECS is replacing those). No registered target is no signal: between a task starting and its
     * registration there is none, and moto never registers any.
     */
    static HealthVerdict verdict(View view) {
        Rollout rollout = view.rollout();
        if (rollout == null) {
            return new HealthVerdict(Health.UNKNOWN, null);
        }
        String tasks = rollout.runningCount() + " of " + view.desiredCount() + " tasks running";
        TargetHealth targets = rollout.targets();
        String withTargets = targets == null ? tasks : tasks + "; " + targets.summary();
        boolean targetsRead = targets != null && targets.unreadable() == null;
        if (rollout.failed()) {
            return new HealthVerdict(Health.DEGRADED, "a deployment failed (circuit breaker); " + withTargets);
        }
        if (targetsRead && targets.unhealthy() > 0 && targets.healthy() == 0) {
            return new HealthVerdict(Health.DEGRADED, "no healthy target; " + withTargets);
        }
        if (view.desiredCount() != null && rollout.runningCount() < view.desiredCount()) {
            return new HealthVerdict(Health.PROGRESSING, withTargets);
        }
        if (rollout.deployments() > 1) {
            return new HealthVerdict(Health.PROGRESSING, rollout.deployments() + " deployments rolling; " + withTargets);
        }
        if (targetsRead && (targets.initial() > 0 || targets.unhealthy() > 0)) {
            return new HealthVerdict(Health.PROGRESSING, withTargets);
        }
        return new HealthVerdict(Health.HEALTHY, withTargets);
    }

    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        List<Observed<View>> owned = new ArrayList<>();
        for (Observed<ClusterHandler.View> cluster : new ClusterHandler().listOwned(context)) {
            List<String> arns = new ArrayList<>();
            Observations seen = observations(cluster.identifier(), context);
            context.aws().ecs().listServicesPaginator(r -> r.cluster(cluster.identifier()).maxResults(LIST_PAGE))
                    .serviceArns().forEach(arn -> seen.byArn(arn).ifPresentOrElse(o -> {
                        if (o.isClaimedBy(context.application())) {
                            owned.add(o);
                        }
                    }, () -> arns.add(arn)));
            for (int i = 0; i < arns.size(); i += DESCRIBE_BATCH) {
                describe(cluster.identifier(), arns.subList(i, Math.min(arns.size(), i + DESCRIBE_BATCH)), context)
                        .stream().filter(o -> o.isClaimedBy(context.application())).forEach(owned::add);
            }
        }
        return owned;
    }

    /** The ACTIVE services among these; DRAINING and INACTIVE ones are gone for our purposes. */
    private static List<Observed<View>> describe(String cluster, List<String> services, CycleContext context) {
        DescribeServicesResponse answer;
        try {
            answer = context.aws().ecs().describeServices(r -> r.cluster(cluster).services(services)
                    .include(ServiceField.TAGS));
        } catch (RuntimeException e) {
            if (AwsErrors.classify(e) == AwsErrorKind.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        List<Failure> unexpected = answer.failures().stream().filter(f -> !MISSING.equals(f.reason())).toList();
        if (!unexpected.isEmpty()) {
            throw new IllegalStateException("ECS DescribeServices in " + cluster + " failed for "
                    + unexpected.stream().map(f -> f.arn() + ": " + f.reason() + " " + f.detail()).toList());
        }
        return answer.services().stream()
                .filter(s -> ACTIVE.equals(s.status()))
                .map(s -> observed(s, Map.of()))
                .toList();
    }

    /** AWS refuses to create a service under a name whose earlier service has not finished draining. */
    private static boolean isStillDraining(RuntimeException e) {
        return AwsErrors.errorCode(e).filter("InvalidParameterException"::equals).isPresent()
                && AwsErrors.awsMessage(e).toLowerCase(Locale.ROOT).contains("still draining");
    }

    /**
     * CreateService is idempotent for a repeated clientToken. Derived from what is being created, a create retried
     * after a lost answer (or by a restarted controller) gets the service the first attempt made, while a create
     * of something different is never mistaken for it.
     */
    static String clientToken(String application, String logicalId, View view) {
        String canonical = String.join("\n", application, logicalId, view.cluster(), view.taskDefinition(),
                String.valueOf(view.desiredCount()), view.launchType(), String.valueOf(view.deployment()),
                sorted(view.subnets()), sorted(view.securityGroups()), String.valueOf(view.assignPublicIp()),
                sorted(view.loadBalancers()));
        return UUID.nameUUIDFromBytes(canonical.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String sorted(Set<?> values) {
        return values == null ? "null" : values.stream().map(String::valueOf).sorted().toList().toString();
    }

    private static DeploymentConfiguration deploymentConfiguration(Deployment d) {
        return DeploymentConfiguration.builder()
                .maximumPercent(d.maximumPercent())
                .minimumHealthyPercent(d.minimumHealthyPercent())
                .deploymentCircuitBreaker(b -> b.enable(d.circuitBreaker()).rollback(d.rollback()))
                .build();
    }

    private static NetworkConfiguration networkConfiguration(View view) {
        return NetworkConfiguration.builder().awsvpcConfiguration(AwsVpcConfiguration.builder()
                        .subnets(view.subnets().stream().sorted().toList())
                        .securityGroups(view.securityGroups().stream().sorted().toList())
                        .assignPublicIp(Boolean.TRUE.equals(view.assignPublicIp()) ? AssignPublicIp.ENABLED
                                : AssignPublicIp.DISABLED)
                        .build())
                .build();
    }

    private static List<LoadBalancer> loadBalancers(Set<Binding> bindings) {
        return bindings.stream()
                .sorted(Comparator.comparing(Binding::targetGroupArn).thenComparing(Binding::containerName))
                .map(b -> LoadBalancer.builder().targetGroupArn(b.targetGroupArn()).containerName(b.containerName())
                        .containerPort(b.containerPort()).build())
                .toList();
    }

    /** @param sentTags the tags of the request that made this answer, for answers that leave tags out */
    private static Observed<View> observed(Service service, Map<String, String> sentTags) {
        Map<String, String> tags = service.hasTags() && !service.tags().isEmpty()
                ? EcsTags.toMap(service.tags()) : sentTags;
        return new Observed<>(ResourceKind.ECS_SERVICE, service.serviceName(), service.serviceArn(), tags,
                Map.of(Output.ARN, service.serviceArn(), Output.ID, service.serviceName()), view(service));
    }

    static View view(Service s) {
        AwsVpcConfiguration network = s.networkConfiguration() == null ? null
                : s.networkConfiguration().awsvpcConfiguration();
        return new View(s.clusterArn(), s.taskDefinition(), s.desiredCount(), s.launchTypeAsString(),
                deployment(s.deploymentConfiguration()),
                network == null || !network.hasSubnets() ? null : Set.copyOf(network.subnets()),
                network == null || !network.hasSecurityGroups() ? null : Set.copyOf(network.securityGroups()),
                network == null || network.assignPublicIp() == null ? null
                        : network.assignPublicIp() == AssignPublicIp.ENABLED,
                s.hasLoadBalancers() ? s.loadBalancers().stream()
                        .map(lb -> new Binding(lb.targetGroupArn(), lb.containerName(), lb.containerPort()))
                        .collect(Collectors.toUnmodifiableSet()) : null,
                new Rollout(s.runningCount() == null ? 0 : s.runningCount(), s.deployments().size(),
                        s.deployments().stream().anyMatch(d -> "FAILED".equals(d.rolloutStateAsString())), null));
    }

    /** moto leaves deploymentConfiguration out of its answers: absent is unknown, not "no configuration". */
    private static Deployment deployment(DeploymentConfiguration d) {
        if (d == null) {
            return null;
        }
        return new Deployment(d.maximumPercent(), d.minimumHealthyPercent(),
                d.deploymentCircuitBreaker() == null ? null : d.deploymentCircuitBreaker().enable(),
                d.deploymentCircuitBreaker() == null ? null : d.deploymentCircuitBreaker().rollback());
    }
}
