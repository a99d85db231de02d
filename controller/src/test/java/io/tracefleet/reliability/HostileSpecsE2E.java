package io.tracefleet.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.e2e.RunningController;
import io.tracefleet.local.LocalAws;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.spec.SpecGeneration;
import io.tracefleet.spec.SpecLoader;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of {@code hostile-specs/} fed, one at a time, to one running controller that already manages the
 * example: each is either the example's file replaced ({@code # mode: replace}) or a file added next to it
 * ({@code # mode: add}). Each must produce exactly its {@code # expect:} errors in {@code GET /specs}, at their line
 * and field, while a pass makes no write and the example stays in force, in sync and intact. Last, a spec that
 * renames the application: nothing is deleted, the old name's resources are orphaned, the new name conflicts.
 */
@ExtendWith(MotoExtension.class)
class HostileSpecsE2E {
    private static final String APP = "xray-fargate";
    private static final Path EXAMPLE = Path.of("..", "specs", "xray-demo.yaml");
    private static final Path CORPUS = Path.of("src", "test", "resources", "hostile-specs");
    private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+):(\\d+) (.+?): (.*)$");
    private static final Pattern MODE = Pattern.compile("^# mode: (replace|add)$", Pattern.MULTILINE);
    /** Values from the secret-* files; an error or event that repeats one would leak it. */
    private static final List<String> SECRETS = List.of("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "hunter2",
            "MIIEowIBAAKCAQEA");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path specs;
    private AwsProxy proxy;
    private AwsClients moto;
    private RunningController controller;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> timings = new ArrayList<>();
    private String exampleGeneration;

    record Expectation(int line, int column, String field, String message) {
    }

    record Hostile(String name, boolean replace, byte[] content, List<Expectation> expected) {
    }

    @BeforeEach
    void startController(LocalAws localAws) throws IOException {
        Files.copy(EXAMPLE, example());
        proxy = AwsProxy.start(localAws.endpoint());
        moto = AwsClients.create(AwsClientSettings.endpoint(localAws.endpoint(), Region.AP_NORTHEAST_1));
        controller = new RunningController(proxy.endpoint(), specs);
    }

    @AfterEach
    void stopController() {
        controller.close();
        moto.close();
        proxy.close();
        System.out.println("HostileSpecsE2E: " + timings.size() + " files fed, pass per file: "
                + String.join(", ", timings));
    }

    @TestFactory
    Stream<DynamicTest> hostileSpecs() throws IOException {
        List<Hostile> corpus = corpus();
        assertThat(corpus).as("the hostile corpus").hasSizeGreaterThanOrEqualTo(40);
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("the example converges first", () -> {
            assertThat(controller.passFor(APP).outOfSync()).isEmpty();
            exampleGeneration = SpecGeneration.of(controller.wiring().reconciler().specs().applications().get(0));
        }));
        fed(corpus).forEach(hostile -> tests.add(DynamicTest.dynamicTest(hostile.name(), () -> feed(hostile))));
        tests.add(DynamicTest.dynamicTest("the example, restored, needs nothing", this::exampleRestored));
        tests.add(DynamicTest.dynamicTest("a renamed application deletes nothing", this::renamedApplication));
        return tests.stream();
    }

    /**
     * Every file with {@code -Dtracefleet.full=true}; by default the first file of each kind (the name up to its
     * first hyphen) and the generated ones, since each file costs a pass. {@code HostileSpecCorpusTest} checks
     * every file's errors without AWS in the default run.
     */
    private static List<Hostile> fed(List<Hostile> corpus) {
        if (Boolean.getBoolean("tracefleet.full")) {
            return corpus;
        }
        java.util.Set<String> kinds = new java.util.HashSet<>();
        return corpus.stream().filter(h -> h.name().startsWith("(") || kinds.add(h.name().split("-")[0])).toList();
    }

    private void feed(Hostile hostile) throws IOException {
        Path file = hostile.replace() ? example() : specs.resolve("hostile.yaml");
        Files.write(file, hostile.content());
        CallLog.Mark mark = proxy.mark();
        long started = System.nanoTime();

        CycleResult result = controller.passFor(APP);

        timings.add(hostile.name() + " " + (System.nanoTime() - started) / 1_000_000 + " ms");
        try {
            assertThat(proxy.callsSince(mark).writeCalls()).as("writes").isEmpty();
            assertThat(result.outOfSync()).as("the example, still in force").isEmpty();
            String body = get("/specs");
            assertNoLeak(body);
            List<JsonNode> errors = errorsOf(JSON.readTree(body), file.getFileName().toString());
            assertThat(errors).as("errors of %s: %s", hostile.name(), errors).hasSameSizeAs(hostile.expected());
            for (Expectation expected : hostile.expected()) {
                String field = expected.field().equals("(file)") ? "" : expected.field();
                assertThat(errors).as("an error %s", expected).anySatisfy(error -> {
                    assertThat(error.get("line").asInt()).isEqualTo(expected.line());
                    assertThat(error.get("column").asInt()).isEqualTo(expected.column());
                    assertThat(error.get("field").asText()).isEqualTo(field);
                    assertThat(error.get("message").asText()).contains(expected.message());
                });
            }
            assertThat(controller.wiring().reconciler().specs().applications()).as("in force")
                    .extracting(SpecGeneration::of).containsExactly(exampleGeneration);
            if (hostile.replace()) {
                assertThat(keptOf(JSON.readTree(body), file.getFileName().toString()))
                        .as("/specs says which version stands in for the broken file")
                        .containsOnly(APP + "@" + exampleGeneration);
            }
            assertNoLeak(get("/events"));
            assertExampleIntact();
        } finally {
            if (hostile.replace()) {
                Files.copy(EXAMPLE, example(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.delete(file);
            }
        }
    }

    private void exampleRestored() {
        CallLog.Mark mark = proxy.mark();

        CycleResult result = controller.passFor(APP);

        assertThat(result.outOfSync()).isEmpty();
        assertThat(proxy.callsSince(mark).writes()).isZero();
    }

    private void renamedApplication() throws IOException {
        Files.writeString(example(), Files.readString(EXAMPLE).replace("  name: xray-fargate ",
                "  name: xray-fargate-renamed "));
        CallLog.Mark mark = proxy.mark();

        Map<String, CycleResult> results = controller.pass().stream()
                .collect(Collectors.toMap(CycleResult::application, r -> r));

        List<String> destructive = proxy.callsSince(mark).writeCalls().stream().map(AwsCall::operation)
                .filter(op -> op.startsWith("Delete") || op.startsWith("Deregister") || op.startsWith("Remove")
                        || op.startsWith("Detach") || op.startsWith("Revoke") || op.startsWith("Untag"))
                .toList();
        assertThat(destructive).as("destructive calls").isEmpty();
        assertThat(results.get(APP).resources()).as("the old name's resources").isNotEmpty()
                .allSatisfy(r -> assertThat(r.sync()).isEqualTo(SyncState.ORPHANED));
        Map<String, ResourceStatus> renamed = results.get("xray-fargate-renamed").resources().stream()
                .collect(Collectors.toMap(r -> r.id().value(), r -> r, (a, b) -> a));
        for (String id : List.of("service-a/load-balancer", "service-b/target-group", "roles/task-role",
                "service-a/ecr-repository")) {
            assertThat(renamed.get(id)).as(id).isNotNull();
            assertThat(renamed.get(id).sync()).as(id + " under the new name").isEqualTo(SyncState.CONFLICT);
        }
        assertExampleIntact();
    }

    private void assertExampleIntact() {
        assertThat(moto.ecs().describeServices(r -> r.cluster(APP).services("service-a", "service-b")).services())
                .hasSize(2).allSatisfy(s -> assertThat(s.status()).isEqualTo("ACTIVE"));
        assertThat(moto.elbv2().describeLoadBalancers().loadBalancers()).extracting(LoadBalancer::loadBalancerName)
                .containsExactlyInAnyOrder("xray-fargate-a-alb", "xray-fargate-b-alb");
        assertThat(moto.iam().getRole(r -> r.roleName("xray-fargate-taskrole")).role()).isNotNull();
    }

    private static void assertNoLeak(String body) {
        for (String secret : SECRETS) {
            assertThat(body).as("a response repeating a pasted secret").doesNotContain(secret);
        }
        assertThat(body).as("a stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
    }

    private static List<String> keptOf(JsonNode specsView, String file) {
        List<String> kept = new ArrayList<>();
        for (JsonNode document : specsView) {
            if (document.get("file").asText().equals(file)) {
                assertThat(document.has("lastValidInForce")).as("%s", document).isTrue();
                document.get("lastValidInForce").forEach(k -> kept.add(k.get("application").asText() + "@"
                        + k.get("generation").asText()));
            }
        }
        return kept;
    }

    private static List<JsonNode> errorsOf(JsonNode specsView, String file) {
        List<JsonNode> errors = new ArrayList<>();
        for (JsonNode document : specsView) {
            if (document.get("file").asText().equals(file)) {
                document.get("errors").forEach(errors::add);
            }
        }
        return errors;
    }

    private String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.localPort() + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path example() {
        return specs.resolve("xray-demo.yaml");
    }

    /** The files, plus two that are better made than stored: an empty file and one over the size limit. */
    private static List<Hostile> corpus() throws IOException {
        List<Hostile> corpus = new ArrayList<>();
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                byte[] content = Files.readAllBytes(file);
                String text = new String(content, java.nio.charset.StandardCharsets.ISO_8859_1);
                Matcher mode = MODE.matcher(text);
                assertThat(mode.find()).as(file + " says its mode").isTrue();
                List<Expectation> expected = text.lines().map(EXPECT::matcher).filter(Matcher::matches)
                        .map(m -> new Expectation(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                                m.group(3), m.group(4)))
                        .toList();
                assertThat(expected).as(file + " lists its expected errors").isNotEmpty();
                corpus.add(new Hostile(file.getFileName().toString(), mode.group(1).equals("replace"), content,
                        expected));
            }
        }
        corpus.add(new Hostile("(generated) empty file", true, new byte[0], List.of(new Expectation(1, 1, "(file)",
                "the file holds no document"))));
        byte[] huge = ("# " + "x".repeat((int) SpecLoader.MAX_FILE_BYTES) + "\n"
                + Files.readString(EXAMPLE)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        corpus.add(new Hostile("(generated) a document over 1 MiB", true, huge, List.of(new Expectation(1, 1,
                "(file)", "a spec file may have at most " + SpecLoader.MAX_FILE_BYTES))));
        return corpus;
    }
}
