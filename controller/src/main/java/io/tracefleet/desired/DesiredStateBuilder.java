package io.tracefleet.desired;

import io.tracefleet.spec.RulePriorities;
import io.tracefleet.spec.SecretReference;
import io.tracefleet.spec.SpecDefaults;
import io.tracefleet.spec.StringTemplate;
import io.tracefleet.spec.model.ApplicationSpec;
import io.tracefleet.spec.model.IngressRule;
import io.tracefleet.spec.model.LoadBalancer;
import io.tracefleet.spec.model.Protocol;
import io.tracefleet.spec.model.Service;
import io.tracefleet.spec.model.SharedLoadBalancer;
import io.tracefleet.spec.model.TracedApplication;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pure function from a validated spec to the resources it needs. No AWS call, no clock, no randomness:
 * the same spec always gives the same {@link DesiredState}, which is what makes a no-drift cycle a no-op.
 */
public final class DesiredStateBuilder {
    public static final LogicalId CLUSTER = LogicalId.of("cluster");
    public static final LogicalId TASK_ROLE = LogicalId.of("roles/task-role");
    public static final LogicalId EXECUTION_ROLE = LogicalId.of("roles/execution-role");
    public static final LogicalId SECURITY_GROUP = LogicalId.of("network/security-group");

    public static final String ECS_TASKS_PRINCIPAL = "ecs-tasks.amazonaws.com";
    static final String LOG_STREAM_PREFIX = "ecs";
    /** What a shared load balancer answers to a request no service's rule matches. */
    public static final int UNMATCHED_STATUS = 404;

    private final String application;
    private final ApplicationSpec spec;
    private final List<DesiredResource> resources = new ArrayList<>();

    private DesiredStateBuilder(TracedApplication document) {
        this.application = document.metadata().name();
        this.spec = document.spec();
    }

    /** The desired state of a document that passed validation. */
    public static DesiredState build(TracedApplication document) {
        return new DesiredStateBuilder(document).build();
    }

    public static LogicalId serviceResource(String service, String part) {
        return LogicalId.ofService(service, part);
    }

    /** Three segments, so they can never equal a service's two-segment ids whatever the names. */
    public static LogicalId sharedResource(String key, String part) {
        return LogicalId.of("load-balancers/" + key + "/" + part);
    }

    private DesiredState build() {
        add(ResourceKind.ECS_CLUSTER, CLUSTER, SpecDefaults.cluster(application, spec), new ClusterProperties());
        add(ResourceKind.IAM_ROLE, TASK_ROLE, SpecDefaults.taskRoleName(application, spec.roles()),
                new RoleProperties(PolicyDocument.trusting(ECS_TASKS_PRINCIPAL), List.of(),
                        Map.of(SpecDefaults.taskPolicyName(application),
                                PolicyDocument.allowing(TracingSidecars.XRAY_WRITE_ACTIONS, "*"))));
        add(ResourceKind.IAM_ROLE, EXECUTION_ROLE, SpecDefaults.executionRoleName(application, spec.roles()),
                new RoleProperties(PolicyDocument.trusting(ECS_TASKS_PRINCIPAL),
                        List.of(executionPolicyArn()), secretsPolicy()));
        add(ResourceKind.SECURITY_GROUP, SECURITY_GROUP, SpecDefaults.securityGroupName(application, spec.network()),
                new SecurityGroupProperties("Tracefleet application " + application, vpc(), ingress()));
        if (spec.loadBalancers() != null) {
            spec.loadBalancers().forEach(this::addSharedLoadBalancer);
        }
        for (String service : servicesInReferenceOrder()) {
            addService(service, spec.services().get(service));
        }
        return new DesiredState(application, spec.region(), resources);
    }

    private void addSharedLoadBalancer(String key, SharedLoadBalancer lb) {
        LogicalId lbId = sharedResource(key, "load-balancer");
        String lbName = SpecDefaults.sharedLoadBalancerName(application, key, lb);
        add(ResourceKind.LOAD_BALANCER, lbId, lbName, new LoadBalancerProperties("application",
                SpecDefaults.scheme(lb).wire(), subnets(), List.of(Ref.id(SECURITY_GROUP))));
        add(ResourceKind.LISTENER, sharedResource(key, "listener"), lbName + ":" + SpecDefaults.listenerPort(lb),
                ListenerProperties.answering(Ref.arn(lbId), "HTTP", SpecDefaults.listenerPort(lb), UNMATCHED_STATUS));
    }

    private void addService(String name, Service service) {
        LoadBalancer lb = service.loadBalancer();
        if (lb != null && lb.shared() != null) {
            addServiceTasks(name, service, attachToShared(name, service, lb));
            return;
        }
        LogicalId lbId = serviceResource(name, "load-balancer");
        LogicalId tgId = serviceResource(name, "target-group");
        LogicalId listenerId = serviceResource(name, "listener");
        if (lb != null) {
            String lbName = SpecDefaults.loadBalancerName(application, name, lb);
            add(ResourceKind.LOAD_BALANCER, lbId, lbName, new LoadBalancerProperties("application",
                    SpecDefaults.scheme(lb).wire(), subnets(), List.of(Ref.id(SECURITY_GROUP))));
            add(ResourceKind.TARGET_GROUP, tgId, SpecDefaults.targetGroupName(application, name, lb),
                    new TargetGroupProperties("HTTP", service.port(), "ip", vpc(),
                            SpecDefaults.healthCheckPath(service)));
            add(ResourceKind.LISTENER, listenerId, lbName + ":" + SpecDefaults.listenerPort(lb),
                    new ListenerProperties(Ref.arn(lbId), "HTTP", SpecDefaults.listenerPort(lb), Ref.arn(tgId)));
        }
        // ECS refuses a target group that no listener attaches to a load balancer yet.
        addServiceTasks(name, service, lb == null ? null : listenerId);
    }

    /** A target group and a listener rule on the shared load balancer; the rule is what the ECS service waits on. */
    private LogicalId attachToShared(String name, Service service, LoadBalancer lb) {
        SharedLoadBalancer shared = spec.loadBalancers().get(lb.shared());
        String lbName = SpecDefaults.sharedLoadBalancerName(application, lb.shared(), shared);
        LogicalId tgId = serviceResource(name, "target-group");
        LogicalId ruleId = serviceResource(name, "listener-rule");
        add(ResourceKind.TARGET_GROUP, tgId, SpecDefaults.targetGroupName(application, name, lb),
                new TargetGroupProperties("HTTP", service.port(), "ip", vpc(), SpecDefaults.healthCheckPath(service)));
        int priority = RulePriorities.assign(spec.services(), lb.shared()).get(name);
        add(ResourceKind.LISTENER_RULE, ruleId, lbName + ":" + SpecDefaults.listenerPort(shared) + " priority "
                + priority, new ListenerRuleProperties(Ref.arn(sharedResource(lb.shared(), "listener")), priority,
                lb.paths() == null ? List.of() : lb.paths(), lb.hosts() == null ? List.of() : lb.hosts(),
                Ref.arn(tgId)));
        return ruleId;
    }

    /** The ECS side of a service; {@code attachedBy} is what puts its target group behind a load balancer. */
    private void addServiceTasks(String name, Service service, LogicalId attachedBy) {
        LogicalId tgId = serviceResource(name, "target-group");
        LogicalId logGroupId = serviceResource(name, "log-group");
        LogicalId repositoryId = serviceResource(name, "ecr-repository");
        LogicalId taskDefinitionId = serviceResource(name, "task-definition");
        if (service.ecrRepository() != null) {
            add(ResourceKind.ECR_REPOSITORY, repositoryId, service.ecrRepository(), new EcrRepositoryProperties());
        }
        String logGroup = SpecDefaults.logGroup(name, service);
        add(ResourceKind.LOG_GROUP, logGroupId, logGroup, new LogGroupProperties(service.logRetentionDays()));

        ContainerDefinition.LogConfiguration logs =
                ContainerDefinition.LogConfiguration.awslogs(logGroup, spec.region(), LOG_STREAM_PREFIX);
        List<ContainerDefinition> containers = new ArrayList<>();
        containers.add(new ContainerDefinition(name, template(service.image()), true, null, null,
                List.of(new ContainerDefinition.PortMapping(service.port(), "tcp")), environment(name, service),
                service.secrets() == null ? Map.of() : service.secrets(), null, logs));
        TracingSidecars.sidecar(spec.tracing(), spec.region(), logs).ifPresent(containers::add);
        String family = SpecDefaults.taskFamily(name, service);
        add(ResourceKind.TASK_DEFINITION, taskDefinitionId, family, new TaskDefinitionProperties(family,
                        SpecDefaults.cpu(service), SpecDefaults.memory(service), "awsvpc", List.of("FARGATE"),
                        Ref.arn(TASK_ROLE), Ref.arn(EXECUTION_ROLE), containers),
                Set.of(logGroupId));

        List<ServiceProperties.LoadBalancerBinding> bindings = attachedBy == null ? List.of()
                : List.of(new ServiceProperties.LoadBalancerBinding(Ref.arn(tgId), name, service.port()));
        Set<LogicalId> extra = attachedBy == null ? Set.of() : Set.of(attachedBy);
        add(ResourceKind.ECS_SERVICE, serviceResource(name, "service"), name, new ServiceProperties(
                        Ref.arn(CLUSTER), Ref.arn(taskDefinitionId), "FARGATE", SpecDefaults.desiredCount(service),
                        new ServiceProperties.Deployment(SpecDefaults.maximumPercent(service.deployment()),
                                SpecDefaults.minimumHealthyPercent(service.deployment()),
                                SpecDefaults.circuitBreaker(service.deployment())),
                        subnets(), List.of(Ref.id(SECURITY_GROUP)), SpecDefaults.assignPublicIp(spec.network()),
                        bindings),
                extra);
    }

    /**
     * ECS reads a container's secrets with the execution role when a task starts; AWS's managed execution policy
     * does not cover them, so the role gets an inline policy for exactly the secrets the spec names.
     */
    private Map<String, PolicyDocument> secretsPolicy() {
        Set<String> secrets = new java.util.TreeSet<>();
        Set<String> parameters = new java.util.TreeSet<>();
        spec.services().values().stream().filter(s -> s.secrets() != null)
                .flatMap(s -> s.secrets().values().stream())
                .forEach(arn -> (SecretReference.isSsmParameter(arn) ? parameters : secrets)
                        .add(SecretReference.readableResource(arn)));
        List<PolicyDocument.Statement> statements = new ArrayList<>();
        if (!secrets.isEmpty()) {
            statements.add(new PolicyDocument.Statement("Allow", null, List.of("secretsmanager:GetSecretValue"),
                    List.copyOf(secrets)));
        }
        if (!parameters.isEmpty()) {
            statements.add(new PolicyDocument.Statement("Allow", null, List.of("ssm:GetParameters"),
                    List.copyOf(parameters)));
        }
        return statements.isEmpty() ? Map.of() : Map.of(application + "-secrets-policy",
                new PolicyDocument(PolicyDocument.VERSION, statements));
    }

    private Map<String, Template> environment(String name, Service service) {
        Map<String, Template> env = new TreeMap<>(TracingSidecars.serviceEnvironment(spec.tracing(), name));
        if (service.env() != null) {
            service.env().forEach((k, v) -> env.put(k, template(v)));
        }
        return env;
    }

    private Template template(String text) {
        StringTemplate parsed;
        try {
            parsed = StringTemplate.parse(text);
        } catch (StringTemplate.SyntaxException e) {
            throw new IllegalArgumentException("The spec was not validated: " + e.getMessage(), e);
        }
        List<Object> parts = new ArrayList<>();
        for (StringTemplate.Part part : parsed.parts()) {
            if (part instanceof StringTemplate.Literal literal) {
                parts.add(literal.text());
                continue;
            }
            StringTemplate.Reference reference = (StringTemplate.Reference) part;
            String target = reference.service();
            switch (reference.attribute()) {
                case ENDPOINT -> parts.add(new Ref(loadBalancerOf(target), Output.DNS_NAME));
                case URL -> {
                    parts.add("http://");
                    parts.add(new Ref(loadBalancerOf(target), Output.DNS_NAME));
                    parts.add(":" + listenerPortOf(target) + pathPrefixOf(target));
                }
                case REPOSITORY -> parts.add(new Ref(serviceResource(target, "ecr-repository"),
                        Output.REPOSITORY_URI));
            }
        }
        return Template.of(parts.toArray());
    }

    private LogicalId loadBalancerOf(String service) {
        LoadBalancer lb = spec.services().get(service).loadBalancer();
        return lb.shared() != null ? sharedResource(lb.shared(), "load-balancer")
                : serviceResource(service, "load-balancer");
    }

    private int listenerPortOf(String service) {
        LoadBalancer lb = spec.services().get(service).loadBalancer();
        return lb.shared() != null ? SpecDefaults.listenerPort(spec.loadBalancers().get(lb.shared()))
                : SpecDefaults.listenerPort(lb);
    }

    /**
     * Where a service on a shared load balancer is reached: its first path pattern up to the first wildcard
     * ({@code /api/*} gives {@code /api/}); nothing for a service of its own or one told apart by host only.
     */
    private String pathPrefixOf(String service) {
        LoadBalancer lb = spec.services().get(service).loadBalancer();
        return lb.shared() == null ? "" : pathPrefix(lb.paths());
    }

    public static String pathPrefix(List<String> paths) {
        if (paths == null || paths.isEmpty()) {
            return "";
        }
        String first = paths.get(0);
        int wildcard = first.replace('?', '*').indexOf('*');
        return wildcard < 0 ? first : first.substring(0, wildcard);
    }

    /** Referenced services first (the seed deployed service-b before service-a), else in spec order. */
    private List<String> servicesInReferenceOrder() {
        Map<String, Set<String>> references = new LinkedHashMap<>();
        spec.services().forEach((name, service) -> {
            Set<String> targets = new LinkedHashSet<>();
            List<String> texts = new ArrayList<>();
            texts.add(service.image());
            if (service.env() != null) {
                texts.addAll(service.env().values());
            }
            for (String text : texts) {
                referencedServices(text).forEach(targets::add);
            }
            targets.remove(name);
            references.put(name, targets);
        });
        List<String> ordered = new ArrayList<>();
        Set<String> visiting = new HashSet<>();
        references.keySet().forEach(name -> visit(name, references, ordered, visiting));
        return ordered;
    }

    private static List<String> referencedServices(String text) {
        try {
            return StringTemplate.parse(text).references().stream().map(StringTemplate.Reference::service).toList();
        } catch (StringTemplate.SyntaxException e) {
            throw new IllegalArgumentException("The spec was not validated: " + e.getMessage(), e);
        }
    }

    private static void visit(String name, Map<String, Set<String>> references, List<String> ordered,
                              Set<String> visiting) {
        if (ordered.contains(name) || !visiting.add(name)) {
            return;
        }
        references.get(name).forEach(target -> visit(target, references, ordered, visiting));
        ordered.add(name);
    }

    private void add(ResourceKind kind, LogicalId id, String physicalName, ResourceProperties properties) {
        add(kind, id, physicalName, properties, Set.of());
    }

    /** Dependencies are read off the properties' references; {@code extra} adds ordering-only edges. */
    private void add(ResourceKind kind, LogicalId id, String physicalName, ResourceProperties properties,
                     Set<LogicalId> extra) {
        Set<LogicalId> dependsOn = new LinkedHashSet<>(References.in(properties));
        dependsOn.addAll(extra);
        resources.add(new DesiredResource(kind, id, physicalName, properties, OwnershipTags.of(application, id),
                dependsOn));
    }

    private Vpc vpc() {
        return "default".equals(spec.network().vpc()) ? Vpc.DEFAULT : new Vpc(spec.network().vpc());
    }

    private Subnets subnets() {
        List<String> ids = spec.network().subnets();
        return ids == null || ids.isEmpty() ? Subnets.DEFAULT : new Subnets(ids);
    }

    private List<SecurityGroupProperties.Permission> ingress() {
        List<SecurityGroupProperties.Permission> permissions = new ArrayList<>();
        List<IngressRule> rules = spec.network().ingress() == null ? List.of() : spec.network().ingress();
        for (IngressRule rule : rules) {
            Protocol protocol = rule.protocol() == null ? Protocol.TCP : rule.protocol();
            permissions.add(SecurityGroupProperties.Permission.fromCidr(protocol.wire(), rule.port(), rule.cidr()));
        }
        permissions.add(SecurityGroupProperties.Permission.allTrafficFromSelf());
        return permissions;
    }

    private String executionPolicyArn() {
        return "arn:" + partition(spec.region()) + ":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
    }

    /** AWS's partition of a region: ARNs of China and GovCloud regions differ. */
    static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }
}
