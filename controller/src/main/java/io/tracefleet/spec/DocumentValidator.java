package io.tracefleet.spec;

import io.tracefleet.spec.model.NameRule;
import io.tracefleet.spec.model.ApplicationSpec;
import io.tracefleet.spec.model.LoadBalancer;
import io.tracefleet.spec.model.Network;
import io.tracefleet.spec.model.Service;
import io.tracefleet.spec.model.SharedLoadBalancer;
import io.tracefleet.spec.model.TracedApplication;
import io.tracefleet.spec.model.Tracing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of one document that its types alone do not express: Fargate sizes, derived names, references
 * and their cycles, network rules. Runs on what the binder could read and skips fields it already reported.
 */
final class DocumentValidator {
    static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    static final String XRAY_DAEMON_ADDRESS = "AWS_XRAY_DAEMON_ADDRESS";

    static final int MAX_ENV_CHARACTERS = 32 * 1024;
    private static final FieldPath SPEC = FieldPath.ROOT.field("spec");
    private static final FieldPath SERVICES = SPEC.field("services");
    private static final FieldPath SHARED = SPEC.field("loadBalancers");
    /** AWS: at most 5 condition values per listener rule, and 100 rules per load balancer (default quota). */
    static final int MAX_CONDITION_VALUES = 5;
    static final int MAX_RULES_PER_LOAD_BALANCER = 100;

    private final SpecProblems problems;

    DocumentValidator(SpecProblems problems) {
        this.problems = problems;
    }

    void validate(TracedApplication document) {
        if (document == null) {
            return;
        }
        if (document.apiVersion() != null && !TracedApplication.API_VERSION.equals(document.apiVersion())) {
            problems.error(FieldPath.ROOT.field("apiVersion"), "'" + document.apiVersion()
                    + "' is not supported; allowed: " + TracedApplication.API_VERSION);
        }
        if (document.kind() != null && !TracedApplication.KIND.equals(document.kind())) {
            problems.error(FieldPath.ROOT.field("kind"), "'" + document.kind() + "' is not supported; allowed: "
                    + TracedApplication.KIND);
        }
        String application = document.metadata() == null ? null : document.metadata().name();
        ApplicationSpec spec = document.spec();
        if (spec == null) {
            return;
        }
        if (application != null) {
            checkApplicationNames(application, spec);
        }
        checkTracing(spec.tracing());
        Map<String, Service> services = spec.services() == null ? Map.of() : spec.services();
        if (spec.services() != null && services.isEmpty() && !problems.failed(SERVICES)) {
            problems.error(SERVICES, "an application needs at least one service");
        }
        checkNetwork(spec.network(), services, spec.loadBalancers() != null && !spec.loadBalancers().isEmpty());
        services.forEach((name, service) -> {
            if (service != null) {
                checkService(application, name, service, spec);
            }
        });
        checkSharedLoadBalancers(application, spec, services);
        checkReferences(services);
    }

    /** Names of shared load balancers, and what the services attached to each one claim on it. */
    private void checkSharedLoadBalancers(String application, ApplicationSpec spec, Map<String, Service> services) {
        Map<String, SharedLoadBalancer> shared = spec.loadBalancers() == null ? Map.of() : spec.loadBalancers();
        shared.forEach((key, lb) -> {
            if (lb != null && application != null) {
                checkDerivedName(SHARED.field(key).field("name"), NameRule.LOAD_BALANCER_NAME,
                        SpecDefaults.sharedLoadBalancerName(application, key, lb), "spec.loadBalancers." + key + ".name");
            }
        });
        for (String key : shared.keySet()) {
            Map<String, String> conditionOwner = new LinkedHashMap<>();
            Map<Integer, String> priorityOwner = new LinkedHashMap<>();
            int attached = 0;
            for (Map.Entry<String, Service> entry : services.entrySet()) {
                LoadBalancer lb = entry.getValue() == null ? null : entry.getValue().loadBalancer();
                if (lb == null || !key.equals(lb.shared())) {
                    continue;
                }
                attached++;
                FieldPath path = SERVICES.field(entry.getKey()).field("loadBalancer");
                if (attached == MAX_RULES_PER_LOAD_BALANCER + 1) {
                    problems.error(path.field("shared"), "more than " + MAX_RULES_PER_LOAD_BALANCER
                            + " services on load balancer '" + key + "'; AWS allows " + MAX_RULES_PER_LOAD_BALANCER
                            + " rules per load balancer by default: declare another shared load balancer");
                }
                if (lb.priority() != null) {
                    String earlier = priorityOwner.putIfAbsent(lb.priority(), entry.getKey());
                    if (earlier != null) {
                        problems.error(path.field("priority"), "service '" + earlier + "' already has priority "
                                + lb.priority() + " on load balancer '" + key + "'; each rule needs its own");
                    }
                }
                if (problems.failed(path.field("paths")) || problems.failed(path.field("hosts"))
                        || conditionCount(lb) == 0) {
                    continue;
                }
                String condition = conditionText(lb);
                String earlier = conditionOwner.putIfAbsent(condition, entry.getKey());
                if (earlier != null) {
                    problems.error(path, "service '" + earlier + "' already has the same " + condition
                            + " on load balancer '" + key + "'; one of the two would never get a request");
                }
            }
        }
    }

    private void checkAttachment(FieldPath path, LoadBalancer lb, ApplicationSpec spec) {
        Map<String, SharedLoadBalancer> shared = spec.loadBalancers() == null ? Map.of() : spec.loadBalancers();
        if (lb.shared() == null) {
            for (String field : List.of("paths", "hosts", "priority")) {
                boolean set = switch (field) {
                    case "paths" -> lb.paths() != null;
                    case "hosts" -> lb.hosts() != null;
                    default -> lb.priority() != null;
                };
                if (set) {
                    problems.error(path.field(field), field + " applies to a rule on a shared load balancer; set "
                            + "shared: <key of spec.loadBalancers> too, or leave " + field + " out");
                }
            }
            return;
        }
        if (problems.failed(path.field("shared"))) {
            return;
        }
        if (!shared.containsKey(lb.shared())) {
            problems.error(path.field("shared"), "unknown shared load balancer '" + lb.shared() + "'; "
                    + (shared.isEmpty() ? "spec.loadBalancers declares none"
                    : "spec.loadBalancers declares: " + String.join(", ", shared.keySet())));
        }
        if (lb.port() != null) {
            problems.error(path.field("port"), "a shared load balancer's port is set in spec.loadBalancers."
                    + lb.shared() + ".port");
        }
        if (lb.scheme() != null) {
            problems.error(path.field("scheme"), "a shared load balancer's scheme is set in spec.loadBalancers."
                    + lb.shared() + ".scheme");
        }
        if (lb.name() != null) {
            problems.error(path.field("name"), "a shared load balancer's name is set in spec.loadBalancers."
                    + lb.shared() + ".name");
        }
        if (problems.failed(path.field("paths")) || problems.failed(path.field("hosts"))) {
            return;
        }
        int values = conditionCount(lb);
        if (values == 0) {
            problems.error(path.field("shared"), "a service on a shared load balancer needs paths or hosts "
                    + "(e.g. paths: [/api/*]) to tell its requests from the others'");
        } else if (values > MAX_CONDITION_VALUES) {
            problems.error(path.field(orEmpty(lb.hosts()).isEmpty() ? "paths" : "hosts"), values
                    + " paths and hosts; AWS allows at most " + MAX_CONDITION_VALUES + " condition values per rule");
        }
    }

    /** The same whatever the order the values are listed in, as AWS evaluates them. */
    private static String conditionText(LoadBalancer lb) {
        List<String> parts = new ArrayList<>();
        if (!orEmpty(lb.paths()).isEmpty()) {
            parts.add("paths " + String.join(", ", new java.util.TreeSet<>(lb.paths())));
        }
        if (!orEmpty(lb.hosts()).isEmpty()) {
            parts.add("hosts " + String.join(", ", new java.util.TreeSet<>(lb.hosts())));
        }
        return String.join(" and ", parts);
    }

    private static int conditionCount(LoadBalancer lb) {
        return orEmpty(lb.paths()).size() + orEmpty(lb.hosts()).size();
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    /** Names derived from the application's name; skipped when the name itself is unusable. */
    private void checkApplicationNames(String application, ApplicationSpec spec) {
        checkDerivedName(SPEC.field("cluster"), NameRule.CLUSTER_NAME, SpecDefaults.cluster(application, spec),
                "spec.cluster");
        checkDerivedName(SPEC.field("roles").field("taskRole"), NameRule.IAM_ROLE_NAME,
                SpecDefaults.taskRoleName(application, spec.roles()), "spec.roles.taskRole");
        checkDerivedName(SPEC.field("roles").field("executionRole"), NameRule.IAM_ROLE_NAME,
                SpecDefaults.executionRoleName(application, spec.roles()), "spec.roles.executionRole");
        checkDerivedName(SPEC.field("network").field("securityGroupName"), NameRule.SECURITY_GROUP_NAME,
                SpecDefaults.securityGroupName(application, spec.network()), "spec.network.securityGroupName");
    }

    private void checkTracing(Tracing tracing) {
        FieldPath sidecar = SPEC.field("tracing").field("sidecar");
        if (SpecDefaults.sidecar(tracing) == Tracing.Sidecar.XRAY_DAEMON && !problems.failed(sidecar)) {
            problems.warn(sidecar, "the X-Ray daemon" + (problems.has(sidecar) ? "" : " (the default)")
                    + " reaches end of support on " + Tracing.XRAY_DAEMON_END_OF_SUPPORT + "; set "
                    + "tracing.sidecar: adot for the AWS Distro for OpenTelemetry collector, which takes the same "
                    + "X-Ray segments and OTLP too (one new task definition revision per service, a rolling update)");
        }
        if (tracing == null || tracing.image() == null) {
            return;
        }
        FieldPath image = SPEC.field("tracing").field("image");
        if (!ImageReference.isValid(tracing.image())) {
            problems.error(image, "'" + tracing.image() + "' is not a valid image reference; "
                    + "allowed: [registry/]name[:tag][@digest] such as amazon/aws-xray-daemon:3.3.14");
        }
    }

    private void checkNetwork(Network network, Map<String, Service> services, boolean sharedDeclared) {
        FieldPath path = SPEC.field("network");
        if (network == null || problems.failed(path.field("vpc")) || problems.failed(path.field("subnets"))) {
            return;
        }
        boolean defaultVpc = "default".equals(network.vpc());
        List<String> subnets = network.subnets();
        if (!defaultVpc && (subnets == null || subnets.isEmpty())) {
            problems.error(path.field("subnets"), "missing: a VPC given by id needs its subnets listed "
                    + "(subnet ids); only vpc: default finds them itself");
            return;
        }
        if (subnets == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < subnets.size(); i++) {
            if (subnets.get(i) != null && !seen.add(subnets.get(i))) {
                problems.error(path.field("subnets").index(i), "subnet '" + subnets.get(i) + "' is listed twice");
            }
        }
        boolean anyLoadBalancer = services.values().stream().anyMatch(s -> s != null && s.loadBalancer() != null)
                || sharedDeclared;
        if (anyLoadBalancer && seen.size() < 2) {
            problems.error(path.field("subnets"), "a load balancer needs at least two subnets in different "
                    + "availability zones; " + seen.size() + " given");
        }
    }

    private void checkService(String application, String name, Service service, ApplicationSpec spec) {
        FieldPath path = SERVICES.field(name);
        if (!problems.failed(path.field("cpu")) && !problems.failed(path.field("memory"))) {
            int cpu = SpecDefaults.cpu(service);
            int memory = SpecDefaults.memory(service);
            if (!FargateSizes.isValidCpu(cpu)) {
                problems.error(path.field("cpu"), cpu + " is not a Fargate CPU size; allowed: "
                        + FargateSizes.cpuValues());
            } else if (!FargateSizes.isValid(cpu, memory)) {
                problems.error(problems.has(path.field("memory")) ? path.field("memory") : path.field("cpu"),
                        "Fargate does not run " + cpu + " CPU units with " + memory + " MiB; allowed with cpu "
                                + cpu + ": " + FargateSizes.describeMemory(cpu) + " MiB");
            } else {
                checkSidecarFits(path, cpu, memory, spec.tracing());
            }
        }
        if (service.logRetentionDays() != null && !LOG_RETENTION_DAYS.contains(service.logRetentionDays())) {
            problems.error(path.field("logRetentionDays"), service.logRetentionDays()
                    + " is not a CloudWatch retention; allowed: " + LOG_RETENTION_DAYS.stream().sorted().toList());
        }
        checkDerivedName(path.field("taskFamily"), NameRule.TASK_FAMILY, SpecDefaults.taskFamily(name, service),
                "taskFamily");
        checkDerivedName(path.field("logGroup"), NameRule.LOG_GROUP_NAME, SpecDefaults.logGroup(name, service),
                "logGroup");
        LoadBalancer lb = service.loadBalancer();
        if (lb != null) {
            checkAttachment(path.field("loadBalancer"), lb, spec);
        }
        if (lb != null && application != null) {
            if (lb.shared() == null) {
                checkDerivedName(path.field("loadBalancer").field("name"), NameRule.LOAD_BALANCER_NAME,
                        SpecDefaults.loadBalancerName(application, name, lb), "loadBalancer.name");
            }
            checkDerivedName(path.field("loadBalancer").field("targetGroupName"), NameRule.TARGET_GROUP_NAME,
                    SpecDefaults.targetGroupName(application, name, lb), "loadBalancer.targetGroupName");
        }
        checkImage(path.field("image"), service.image());
        if (service.env() != null) {
            service.env().forEach((variable, value) -> checkEnvValue(path.field("env").field(variable), variable,
                    value));
            checkEnvSize(path.field("env"), service.env());
        }
        if (service.secrets() != null) {
            service.secrets().forEach((variable, arn) -> checkSecret(path.field("secrets").field(variable), variable,
                    arn, service));
        }
    }

    private void checkSecret(FieldPath path, String variable, String arn, Service service) {
        if (arn == null || !SecretReference.isValid(arn)) {
            problems.error(path, "a secret is the ARN of a Secrets Manager secret "
                    + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>) or of an SSM parameter "
                    + "(arn:aws:ssm:<region>:<account>:parameter/<name>), never the value itself");
        } else if (service.env() != null && service.env().containsKey(variable)) {
            problems.error(path, variable + " is set in both env and secrets; keep one");
        }
    }

    private void checkSidecarFits(FieldPath path, int cpu, int memory, Tracing tracing) {
        if (SpecDefaults.sidecar(tracing) == Tracing.Sidecar.NONE) {
            return;
        }
        int sidecarCpu = SpecDefaults.sidecarCpu(tracing);
        int sidecarMemory = SpecDefaults.sidecarMemoryReservation(tracing);
        if (sidecarCpu >= cpu) {
            problems.error(path.field("cpu"), "the tracing sidecar reserves " + sidecarCpu + " of the task's " + cpu
                    + " CPU units, leaving nothing for the service; raise cpu or lower spec.tracing.cpu");
        }
        if (sidecarMemory >= memory) {
            problems.error(path.field("memory"), "the tracing sidecar reserves " + sidecarMemory + " of the task's "
                    + memory + " MiB, leaving nothing for the service; raise memory or lower "
                    + "spec.tracing.memoryReservation");
        }
    }

    private void checkImage(FieldPath path, String image) {
        if (image == null) {
            return;
        }
        StringTemplate template = parseTemplate(path, image);
        if (template == null) {
            return;
        }
        List<StringTemplate.Part> parts = template.parts();
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof StringTemplate.Reference reference
                    && (i > 0 || reference.attribute() != StringTemplate.Attribute.REPOSITORY)) {
                problems.error(path, "an image may only start with ${services.<name>.repository}, e.g. "
                        + "${services." + reference.service() + ".repository}:latest");
                return;
            }
        }
        // A stand-in repository URI lets the whole reference be checked against the image grammar.
        String concrete = template.render(ref -> "123456789012.dkr.ecr.us-east-1.amazonaws.com/repository");
        if (!ImageReference.isValid(concrete)) {
            problems.error(path, "'" + image + "' is not a valid image reference; allowed: "
                    + "[registry/]name[:tag][@digest] such as public.ecr.aws/org/app:1.2 or "
                    + "${services.<name>.repository}:1.2");
        }
    }

    /**
     * AWS refuses a task definition over 64 KiB, but only at RegisterTaskDefinition, after everything before it in
     * the plan was built; half of that for one service's env leaves room for the rest of the definition.
     */
    private void checkEnvSize(FieldPath path, Map<String, String> env) {
        long size = env.entrySet().stream()
                .mapToLong(e -> e.getKey().length() + (e.getValue() == null ? 0 : e.getValue().length())).sum();
        if (size > MAX_ENV_CHARACTERS) {
            problems.error(path, "the env names and values add up to " + size + " characters; at most "
                    + MAX_ENV_CHARACTERS + " fit in a task definition (AWS allows 64 KiB in all). Keep large "
                    + "values in SSM or S3 and pass their names");
        }
    }

    private void checkEnvValue(FieldPath path, String variable, String value) {
        if (value == null) {
            return;
        }
        if (parseTemplate(path, value) == null) {
            return;
        }
        SecretLikeValue.of(variable, value).ifPresent(kind -> problems.error(path, "the value looks like " + kind
                + "; an env value is readable by anyone who can describe the task definition. Store it in "
                + "Secrets Manager or SSM and give its ARN under secrets." + variable + " instead"));
        if (XRAY_DAEMON_ADDRESS.equals(variable) && value.isBlank()) {
            problems.error(path, XRAY_DAEMON_ADDRESS + " is blank: the X-Ray SDK would send segments nowhere. "
                    + "Leave it out and Tracefleet sets it to the sidecar's address");
        }
    }

    private StringTemplate parseTemplate(FieldPath path, String text) {
        try {
            return StringTemplate.parse(text);
        } catch (StringTemplate.SyntaxException e) {
            problems.error(path, e.getMessage());
            return null;
        }
    }

    /** Unknown targets, targets that lack what is referenced, and cycles between services. */
    private void checkReferences(Map<String, Service> services) {
        Map<String, Set<String>> edges = new LinkedHashMap<>();
        Map<String, FieldPath> firstEdgeAt = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            edges.put(name, new LinkedHashSet<>());
            if (service == null) {
                return;
            }
            Map<FieldPath, String> templated = new LinkedHashMap<>();
            if (service.image() != null) {
                templated.put(SERVICES.field(name).field("image"), service.image());
            }
            if (service.env() != null) {
                service.env().forEach((k, v) -> templated.put(SERVICES.field(name).field("env").field(k), v));
            }
            templated.forEach((path, text) -> {
                if (problems.failed(path)) {
                    return;
                }
                StringTemplate template = parseTemplate(path, text);
                if (template == null) {
                    return;
                }
                for (StringTemplate.Reference reference : template.references()) {
                    if (checkTarget(path, reference, services) && !reference.service().equals(name)) {
                        edges.get(name).add(reference.service());
                        firstEdgeAt.putIfAbsent(name + "->" + reference.service(), path);
                    }
                }
            });
        });
        List<String> cycle = findCycle(edges);
        if (!cycle.isEmpty()) {
            FieldPath at = firstEdgeAt.get(cycle.get(0) + "->" + cycle.get(1));
            problems.error(at, "reference cycle: " + String.join(" -> ", cycle) + ". Tracefleet deploys a "
                    + "referenced service first, so references between services must not form a loop");
        }
    }

    private boolean checkTarget(FieldPath path, StringTemplate.Reference reference, Map<String, Service> services) {
        Service target = services.get(reference.service());
        if (!services.containsKey(reference.service())) {
            problems.error(path, "reference " + reference + " names an unknown service '" + reference.service()
                    + "'; services in this application: " + String.join(", ", services.keySet()));
            return false;
        }
        if (target == null) {
            return false;
        }
        switch (reference.attribute()) {
            case ENDPOINT, URL -> {
                if (target.loadBalancer() == null) {
                    problems.error(path, "reference " + reference + ": service '" + reference.service()
                            + "' has no loadBalancer, so it has no endpoint");
                    return false;
                }
            }
            case REPOSITORY -> {
                if (target.ecrRepository() == null) {
                    problems.error(path, "reference " + reference + ": service '" + reference.service()
                            + "' declares no ecrRepository");
                    return false;
                }
            }
        }
        return true;
    }

    /** The first cycle found, as a closed walk (a -> b -> a), or empty. */
    static List<String> findCycle(Map<String, Set<String>> edges) {
        Map<String, Integer> state = new LinkedHashMap<>();
        for (String start : edges.keySet()) {
            List<String> stack = new ArrayList<>();
            List<String> cycle = visit(start, edges, state, stack);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> edges, Map<String, Integer> state,
                                      List<String> stack) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return List.of();
        }
        if (seen != null) {
            List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(node), stack.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        stack.add(node);
        for (String next : edges.getOrDefault(node, Set.of())) {
            List<String> cycle = visit(next, edges, state, stack);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        stack.remove(stack.size() - 1);
        state.put(node, 2);
        return List.of();
    }

    /** A name the spec left out is derived; if the derived one breaks AWS's rule, say which field to set. */
    private void checkDerivedName(FieldPath path, NameRule rule, String name, String field) {
        if (problems.has(path) || problems.failed(path)) {
            return;
        }
        String violation = rule.violation(name);
        if (violation != null) {
            problems.error(path, "the derived " + RecordBinder.humanName(rule) + " '" + name + "' is not valid ("
                    + violation + "); set " + field + " explicitly");
        }
    }
}
