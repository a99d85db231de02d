package io.tracefleet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tracefleet.desired.OwnershipTags;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files parse, and what they say about the controller agrees with the controller: every
 * {@code TRACEFLEET_*} variable they set is one {@code controller/config.yml} reads, ports and paths are the ones
 * the Dockerfile exposes and creates, and the ConfigMap generator carries every spec.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("..", "helm-free-deploy");
    private static final Path CONFIG = Path.of("config.yml");
    private static final Path SPECS = Path.of("..", "specs");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern CONFIG_VARIABLE = Pattern.compile("\\$\\{(TRACEFLEET_[A-Z_]+):-");

    private final Dockerfile image = Dockerfile.read();

    @Test
    void everyManifestParses() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            List<Path> manifests = files.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).toList();
            assertThat(manifests).hasSizeGreaterThanOrEqualTo(14);
            for (Path file : manifests) {
                assertThat(documents(file)).as(file.toString()).isNotEmpty().allMatch(JsonNode::isObject);
            }
        }
    }

    @Test
    void theConfigMapGeneratorListsEverySpec() throws IOException {
        Path base = DEPLOY.resolve("kubernetes/base");
        JsonNode generator = single(base.resolve("kustomization.yaml")).path("configMapGenerator").get(0);
        Set<Path> listed = StreamSupport.stream(generator.path("files").spliterator(), false)
                .map(f -> base.resolve(f.asText()).normalize()).collect(Collectors.toSet());
        try (Stream<Path> specs = Files.list(SPECS)) {
            Set<Path> all = specs.filter(p -> p.toString().endsWith(".yaml")).map(Path::normalize)
                    .collect(Collectors.toSet());
            assertThat(all).isNotEmpty();
            assertThat(listed).isEqualTo(all);
        }
        assertThat(container(deployment()).path("volumeMounts")).anySatisfy(m -> {
            assertThat(m.path("name").asText()).isEqualTo("specs");
            assertThat(m.path("mountPath").asText()).isEqualTo(image.env().get("TRACEFLEET_SPECS_DIR"));
        });
        assertThat(deployment().at("/spec/template/spec/volumes")).anySatisfy(v -> assertThat(
                v.at("/configMap/name").asText()).isEqualTo(generator.path("name").asText()));
    }

    @Test
    void everyVariableSetIsOneTheConfigReads() throws IOException {
        Set<String> read = configVariables();
        assertThat(read).contains("TRACEFLEET_SPECS_DIR", "TRACEFLEET_AWS_ENDPOINT", "TRACEFLEET_ADMIN_PORT");
        Map<String, List<String>> setBy = Map.of(
                "Dockerfile", List.copyOf(image.env().keySet()),
                "deployment", names(container(deployment()).path("env"), "name"),
                "local overlay", names(container(single(overlay("controller-on-moto.yaml"))).path("env"), "name"),
                "compose", fieldNames(compose().at("/services/tracefleet/environment")),
                "task definition", names(taskDefinitionContainer().path("environment"), "name"));
        setBy.forEach((who, variables) -> assertThat(variables).as(who).isNotEmpty()
                .filteredOn(v -> v.startsWith("TRACEFLEET_")).isSubsetOf(read));
    }

    /** Maven reads every module of the reactor even when building one: a pom left out fails the build stage. */
    @Test
    void theImageBuildCopiesEveryModulesPom() throws IOException {
        String rootPom = Files.readString(Path.of("..", "pom.xml"));
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(rootPom);
        List<String> missing = new java.util.ArrayList<>();
        int count = 0;
        while (modules.find()) {
            count++;
            String module = modules.group(1).trim();
            if (!dockerfile.contains("COPY " + module + "/pom.xml " + module + "/\n")) {
                missing.add(module);
            }
        }
        assertThat(count).as("modules in the root pom").isGreaterThan(1);
        assertThat(missing).as("modules whose pom the Dockerfile does not copy").isEmpty();
    }

    @Test
    void portsAndPathsAreTheImages() throws IOException {
        assertThat(image.exposed()).containsExactly(8080);
        assertThat(image.env()).containsEntry("TRACEFLEET_PORT", "8080").containsEntry("TRACEFLEET_ADMIN_PORT", "8081");
        String configPath = image.cmd().get(image.cmd().size() - 1);
        assertThat(image.copiedFrom()).containsEntry(configPath, "controller/config.yml");

        JsonNode container = container(deployment());
        assertThat(ints(container.path("ports"), "containerPort")).containsExactlyElementsOf(image.exposed());
        assertThat(env(container)).containsEntry("TRACEFLEET_PORT", "8080").containsEntry("TRACEFLEET_ADMIN_PORT", "8081");
        assertThat(names(container.path("args"), null)).isEqualTo(image.cmd());
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/path").asText()).as(probe).isEqualTo("/healthcheck");
            assertThat(namedPort(container, container.at("/" + probe + "/httpGet/port").asText())).as(probe)
                    .isEqualTo(8080);
        }
        assertThat(String.join(" ", image.healthcheck())).contains("/healthcheck", "${TRACEFLEET_ADMIN_PORT}");

        JsonNode service = single(DEPLOY.resolve("kubernetes/base/service.yaml"));
        assertThat(namedPort(container, service.at("/spec/ports/0/targetPort").asText())).isEqualTo(8080);

        JsonNode compose = compose();
        assertThat(names(compose.at("/services/tracefleet/ports"), null)).containsExactly("8080:8080");
        assertThat(names(compose.at("/services/tracefleet/volumes"), null))
                .containsExactly("../../specs:/specs:ro");
        assertThat(compose.at("/services/tracefleet/build/dockerfile").asText()).isEqualTo("controller/Dockerfile");
        assertThat(DEPLOY.resolve("compose").resolve(compose.at("/services/tracefleet/build/context").asText())
                .resolve(compose.at("/services/tracefleet/build/dockerfile").asText())).exists();
        assertThat(compose.at("/services/tracefleet/environment/TRACEFLEET_AWS_ENDPOINT").asText())
                .isEqualTo("http://moto:5000");
        assertThat(compose.at("/services/moto/image").asText()).startsWith("motoserver/moto:");

        JsonNode task = taskDefinitionContainer();
        assertThat(ints(task.path("portMappings"), "containerPort")).containsExactlyElementsOf(image.exposed());
        assertThat(env(task)).containsEntry("TRACEFLEET_SPECS_DIR", image.env().get("TRACEFLEET_SPECS_DIR"));
        assertThat(names(task.at("/healthCheck/command"), null)).containsExactlyElementsOf(
                Stream.concat(Stream.of("CMD"), image.healthcheck().stream()).toList());
        assertThat(task.at("/logConfiguration/options/awslogs-group").asText())
                .isEqualTo(single(DEPLOY.resolve("ecs/log-group.json")).path("logGroupName").asText());
    }

    /**
     * The admin port takes commands (log levels, GC) and serves thread dumps and a CPU profiler: wherever the
     * controller is deployed, it must listen on loopback only and no file may publish it. The bind host is worked out
     * as the controller would: config.yml's expression under the image's environment plus the file's own.
     */
    @Test
    void theAdminPortListensOnLoopbackOnlyInEveryDeployment() throws IOException {
        String expression = single(CONFIG).at("/server/adminConnectors/0/bindHost").asText();
        Map<String, Map<String, String>> environments = new java.util.LinkedHashMap<>();
        environments.put("Dockerfile", image.env());
        environments.put("deployment", env(container(deployment())));
        environments.put("local overlay", env(container(single(overlay("controller-on-moto.yaml")))));
        environments.put("compose", stringFields(compose().at("/services/tracefleet/environment")));
        environments.put("task definition", env(taskDefinitionContainer()));
        environments.forEach((who, own) -> {
            Map<String, String> effective = new java.util.HashMap<>(image.env());
            effective.putAll(own);
            assertThat(substitute(expression, effective)).as("admin bind host in " + who)
                    .isIn("127.0.0.1", "localhost", "::1");
        });
        String admin = image.env().get("TRACEFLEET_ADMIN_PORT");
        assertThat(names(compose().at("/services/tracefleet/ports"), null)).as("compose publishes")
                .noneMatch(p -> p.endsWith(":" + admin));
        assertThat(ints(container(deployment()).path("ports"), "containerPort")).as("pod ports")
                .doesNotContain(Integer.valueOf(admin));
        assertThat(ints(taskDefinitionContainer().path("portMappings"), "containerPort")).as("task port mappings")
                .doesNotContain(Integer.valueOf(admin));
    }

    /**
     * Every way to deploy the controller elects one writer, and the table its lease lives in is the one the task
     * role's policy grants item calls on and the bootstrap script creates.
     */
    @Test
    void everyDeploymentElectsOneWriterInTheTableThePolicyAndTheBootstrapName() throws IOException {
        String enabled = single(CONFIG).at("/leaderElection/enabled").asText();
        String table = single(CONFIG).at("/leaderElection/table").asText();
        Map<String, Map<String, String>> environments = new java.util.LinkedHashMap<>();
        environments.put("deployment", env(container(deployment())));
        environments.put("compose", stringFields(compose().at("/services/tracefleet/environment")));
        environments.put("task definition", env(taskDefinitionContainer()));
        java.util.Set<String> tables = new java.util.HashSet<>();
        environments.forEach((who, own) -> {
            Map<String, String> effective = new java.util.HashMap<>(image.env());
            effective.putAll(own);
            assertThat(substitute(enabled, effective)).as("leader election in " + who).isEqualTo("true");
            tables.add(substitute(table, effective));
        });
        assertThat(tables).as("one lease table").containsExactly("tracefleet-leases");
        String policy = Files.readString(Path.of("..", "helm-free-deploy", "ecs", "task-role-policy.json"));
        assertThat(policy).contains("\"arn:aws:dynamodb:*:*:table/tracefleet-leases\"")
                .doesNotContain("dynamodb:CreateTable");
        assertThat(Files.readString(Path.of("..", "helm-free-deploy", "ecs", "bootstrap.sh")))
                .contains("lease_table=tracefleet-leases");
    }

    /** Dropwizard's {@code ${NAME:-default}} substitution, for one value. */
    private static String substitute(String expression, Map<String, String> environment) {
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}").matcher(expression);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(environment.getOrDefault(m.group(1), m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> stringFields(JsonNode object) {
        Map<String, String> fields = new java.util.HashMap<>();
        object.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
        return fields;
    }

    @Test
    void theControllerRunsAsOneUnprivilegedReplica() throws IOException {
        JsonNode deployment = deployment();
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        String uid = image.user().split(":")[0];
        assertThat(deployment.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(deployment.at("/spec/template/spec/securityContext/runAsUser").asText()).isEqualTo(uid);
        JsonNode container = container(deployment);
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.at("/resources/requests/memory").isMissingNode()).isFalse();
        assertThat(container.at("/resources/limits/memory").isMissingNode()).isFalse();
        assertThat(single(DEPLOY.resolve("kubernetes/base/serviceaccount.yaml"))
                .at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText()).contains(":role/");

        JsonNode task = taskDefinitionContainer();
        assertThat(task.path("user").asText()).isEqualTo(image.user());
        assertThat(task.path("readonlyRootFilesystem").asBoolean()).isTrue();
        assertThat(Files.readString(DEPLOY.resolve("ecs/bootstrap.sh")))
                .contains("--desired-count 1", "minimumHealthyPercent=0,maximumPercent=100");
    }

    @Test
    void thePolicyScopesWritesByTheOwnershipTag() throws IOException {
        JsonNode policy = single(DEPLOY.resolve("ecs/task-role-policy.json"));
        List<String> conditionKeys = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            assertThat(actions(statement)).allMatch(a -> a.matches("[a-z0-9]+:[A-Za-z]+"), "no wildcard actions");
            statement.path("Condition").fields().forEachRemaining(operator -> operator.getValue().fields()
                    .forEachRemaining(c -> {
                        conditionKeys.add(c.getKey());
                        if (c.getKey().endsWith("/" + OwnershipTags.MANAGED_BY)) {
                            assertThat(c.getValue().asText()).isEqualTo(OwnershipTags.MANAGED_BY_VALUE);
                        }
                    }));
        }
        assertThat(conditionKeys).contains("aws:RequestTag/" + OwnershipTags.MANAGED_BY,
                "aws:ResourceTag/" + OwnershipTags.MANAGED_BY, "iam:PassedToService");
        JsonNode passRole = statementWith(policy, "iam:PassRole");
        assertThat(passRole.at("/Condition/StringEquals/aws:ResourceTag~1" + OwnershipTags.MANAGED_BY.replace("/", "~1"))
                .asText()).isEqualTo(OwnershipTags.MANAGED_BY_VALUE);
        for (String write : List.of("ecs:UpdateService", "iam:PutRolePolicy", "ec2:DeleteSecurityGroup",
                "elasticloadbalancing:DeleteLoadBalancer", "logs:DeleteLogGroup", "ecr:DeleteRepository")) {
            assertThat(statementWith(policy, write).path("Condition").toString()).as(write)
                    .contains("aws:ResourceTag/" + OwnershipTags.MANAGED_BY);
        }
        for (String trust : List.of("task-role-trust-policy.json", "execution-role-trust-policy.json")) {
            assertThat(single(DEPLOY.resolve("ecs").resolve(trust)).at("/Statement/0/Principal/Service").asText())
                    .isEqualTo("ecs-tasks.amazonaws.com");
        }
    }

    static Set<String> actions(JsonNode statement) {
        JsonNode action = statement.path("Action");
        return action.isArray() ? new TreeSet<>(names(action, null)) : new TreeSet<>(Set.of(action.asText()));
    }

    static Set<String> policyActions() throws IOException {
        Set<String> all = new TreeSet<>();
        for (JsonNode statement : single(DEPLOY.resolve("ecs/task-role-policy.json")).path("Statement")) {
            all.addAll(actions(statement));
        }
        return all;
    }

    private static JsonNode statementWith(JsonNode policy, String action) {
        return StreamSupport.stream(policy.path("Statement").spliterator(), false)
                .filter(s -> actions(s).contains(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement allows " + action));
    }

    private static Set<String> configVariables() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = CONFIG_VARIABLE.matcher(Files.readString(CONFIG));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static JsonNode deployment() throws IOException {
        return single(DEPLOY.resolve("kubernetes/base/deployment.yaml"));
    }

    private static Path overlay(String file) {
        return DEPLOY.resolve("kubernetes/overlays/local").resolve(file);
    }

    private static JsonNode compose() throws IOException {
        return single(DEPLOY.resolve("compose/compose.yaml"));
    }

    private static JsonNode taskDefinitionContainer() throws IOException {
        return single(DEPLOY.resolve("ecs/task-definition.json")).path("containerDefinitions").get(0);
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.at("/spec/template/spec/containers/0");
    }

    private static int namedPort(JsonNode container, String name) {
        return StreamSupport.stream(container.path("ports").spliterator(), false)
                .filter(p -> p.path("name").asText().equals(name)).findFirst()
                .map(p -> p.path("containerPort").asInt())
                .orElseThrow(() -> new AssertionError("no container port named " + name));
    }

    private static Map<String, String> env(JsonNode container) {
        JsonNode list = container.has("env") ? container.path("env") : container.path("environment");
        return StreamSupport.stream(list.spliterator(), false)
                .collect(Collectors.toMap(e -> e.path("name").asText(), e -> e.path("value").asText()));
    }

    private static List<String> names(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> field == null ? n.asText() : n.path(field).asText()).toList();
    }

    private static List<Integer> ints(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asInt()).toList();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The one document of a file; the first, for a multi-document file whose first is wanted. */
    static JsonNode single(Path file) throws IOException {
        List<JsonNode> all = documents(file);
        return all.isEmpty() ? MissingNode.getInstance() : all.get(0);
    }

    static List<JsonNode> documents(Path file) throws IOException {
        if (file.toString().endsWith(".json")) {
            return List.of(JSON.readTree(file.toFile()));
        }
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            List<JsonNode> all = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(all::add);
            return all;
        }
    }
}
