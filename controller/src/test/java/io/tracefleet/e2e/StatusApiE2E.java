package io.tracefleet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.Fault;
import io.tracefleet.testing.FaultRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The REST API over real HTTP, with the controller against moto through the counting proxy. */
class StatusApiE2E extends E2EBase {
    private static final String TOKEN = "s3cret-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    ConfigOverride[] configOverrides() {
        return new ConfigOverride[]{ConfigOverride.config("apiToken", TOKEN),
                ConfigOverride.config("targetHealth", "always")};
    }

    private HttpResponse<String> send(String method, String path, String token) {
        return send(method, controller.api(path), token);
    }

    private static HttpResponse<String> send(String method, URI uri, String token) {
        return RunningController.send(method, uri, token, Duration.ofMinutes(2));
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send("GET", path, null);
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return read(response.body());
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static JsonNode resource(JsonNode application, String id) {
        for (JsonNode resource : application.get("resources")) {
            if (resource.get("id").asText().equals(id)) {
                return resource;
            }
        }
        throw new AssertionError("no resource " + id + " in " + application);
    }

    @Test
    void statusReachesSyncedAndHealthyAndNamesTheServicesUrls() {
        controller.passFor(APP);

        JsonNode status = get("/status");

        assertThat(status.at("/controller/awsBackend").asText()).startsWith("endpoint http://127.0.0.1:");
        assertThat(status.at("/controller/account").asText()).matches("\\d{12}");
        assertThat(status.at("/controller/lastPass/outcome").asText()).isEqualTo("Synced");
        assertThat(status.at("/controller/startedAt").asText()).as("ISO-8601, not epoch seconds")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
        // One small application is far inside the API budget: the interval is as configured, and nothing says why not.
        assertThat(status.at("/controller/resyncInterval").asText()).isEqualTo("PT1H");
        assertThat(status.at("/controller/effectiveResyncInterval").asText()).isEqualTo("PT1H");
        assertThat(status.at("/controller").has("resyncStretched")).isFalse();
        JsonNode app = status.get("applications").get(0);
        assertThat(app.get("name").asText()).isEqualTo(APP);
        assertThat(app.get("sync").asText()).isEqualTo("Synced");
        assertThat(app.get("health").asText()).isEqualTo("Healthy");
        assertThat(app.get("observedGeneration").asText()).matches("[0-9a-f]{16}");
        assertThat(app.get("resources")).hasSize(18);
        String albB = moto.elbv2().describeLoadBalancers(r -> r.names("xray-fargate-b-alb")).loadBalancers().get(0)
                .dnsName();
        assertThat(app.at("/outputs/service-b").asText()).isEqualTo("http://" + albB);
        assertThat(app.get("conditions")).extracting(c -> c.get("type").asText() + "=" + c.get("status").asBoolean())
                .containsExactly("Synced=true", "Healthy=true");
        assertThat(get("/drift")).isEmpty();
        assertThat(get("/status/" + APP).get("name").asText()).isEqualTo(APP);
        assertThat(send("GET", "/status/nope", null).statusCode()).isEqualTo(404);
    }

    /** /status once paired the start of the pass under way with the end of the one before. */
    @Test
    void lastPassIsTheCompletedOneWhileTheNextRuns() {
        controller.passFor(APP);
        JsonNode before = get("/status").at("/controller/lastPass");
        proxy.inject(FaultRule.on("*", "*", Fault.latency(Duration.ofMillis(100))));
        CallLog.Mark mark = proxy.mark();
        CompletableFuture<?> running = CompletableFuture.runAsync(controller::pass);
        await("the next pass under way").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> proxy.callsSince(mark).total() > 2);
        JsonNode during = get("/status").at("/controller/lastPass");
        assertThat(running).as("still running when /status answered").isNotDone();
        assertThat(during).as("the last completed pass, whole").isEqualTo(before);
        running.join();
        proxy.clearFaults();

        JsonNode after = get("/status").at("/controller/lastPass");
        Instant started = Instant.parse(after.get("startedAt").asText());
        Instant completed = Instant.parse(after.get("completedAt").asText());
        assertThat(started).isAfterOrEqualTo(Instant.parse(before.get("completedAt").asText()));
        assertThat(completed).isAfterOrEqualTo(started);
        assertThat(Duration.between(started, completed).toMillis()).isEqualTo(after.get("durationMillis").asLong());
    }

    @Test
    void serviceHealthCountsTheLoadBalancersTargets() {
        controller.passFor(APP);
        JsonNode before = resource(get("/status/" + APP), "service-b/service");
        assertThat(before.get("healthReason").asText()).as("moto registers no target: no target signal")
                .isEqualTo("1 of 1 tasks running; 0 healthy, 0 unhealthy, 0 initial targets");

        // What ECS does for a task that starts on Fargate: its IP becomes a target (moto reports it healthy).
        String tg = moto.elbv2().describeTargetGroups(r -> r.names("xray-fargate-b-tg")).targetGroups().get(0)
                .targetGroupArn();
        moto.elbv2().registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("10.0.1.17").port(8080)));
        var mark = proxy.mark();
        controller.passFor(APP);

        JsonNode after = resource(get("/status/" + APP), "service-b/service");
        assertThat(after.get("health").asText()).isEqualTo("Healthy");
        assertThat(after.get("healthReason").asText())
                .isEqualTo("1 of 1 tasks running; 1 healthy, 0 unhealthy, 0 initial targets");
        CallLog pass = proxy.callsSince(mark);
        assertThat(pass.writes()).as("health is observed, never written").isZero();
        assertThat(pass.count("elasticloadbalancing", "DescribeTargetHealth")).as("one read per target group")
                .isEqualTo(2);
    }

    @Test
    void driftMadeOutOfBandShowsWithItsExactPathAndThePlanWritesNothing() {
        controller.passFor(APP);
        moto.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));
        String tg = moto.elbv2().describeTargetGroups(r -> r.names("xray-fargate-b-tg")).targetGroups().get(0)
                .targetGroupArn();
        moto.elbv2().modifyTargetGroup(r -> r.targetGroupArn(tg).healthCheckPath("/elsewhere"));
        CallLog.Mark mark = proxy.mark();

        JsonNode plan = get("/plan/" + APP);

        assertThat(proxy.callsSince(mark).writes()).isZero();
        assertThat(plan.get("changes").asInt()).isEqualTo(2);
        assertThat(plan.get("text").asText()).contains("desiredCount: 3 -> 1").contains("healthCheckPath: /elsewhere"
                + " -> /health");

        // Paused, the pass records the drift it sees instead of healing it at once.
        assertThat(send("POST", "/apps/" + APP + "/pause", TOKEN).statusCode()).isEqualTo(200);
        controller.passFor(APP);
        JsonNode drift = get("/drift");
        List<String> paths = new ArrayList<>();
        drift.forEach(entry -> entry.get("drift").forEach(d -> paths.add(entry.get("id").asText() + " "
                + d.get("path").asText() + " " + d.get("desired").asText() + " " + d.get("actual").asText())));
        assertThat(paths).containsExactlyInAnyOrder("service-b/service desiredCount 1 3",
                "service-b/target-group healthCheckPath /health /elsewhere");
    }

    @Test
    void ordersNeedTheTokenAndAreRefusedWithoutOrWithAWrongOne() {
        assertThat(send("POST", "/reconcile", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = send("POST", "/reconcile", "guess");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(read(wrong.body()).get("message").asText()).contains("not the configured one");
        assertThat(send("POST", "/reconcile/nope", TOKEN).statusCode()).isEqualTo(404);
        HttpResponse<String> accepted = send("POST", "/reconcile/" + APP, TOKEN);
        assertThat(accepted.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofMinutes(2)).until(() -> send("GET", "/status/" + APP, null).statusCode() == 200
                && read(send("GET", "/status/" + APP, null).body()).get("sync").asText().equals("Synced"));
        JsonNode events = get("/events");
        assertThat(events).anySatisfy(e -> assertThat(e.get("reason").asText()).isEqualTo("create"));
        List<String> createdAt = new ArrayList<>();
        events.forEach(e -> {
            if (e.get("reason").asText().equals("create")) {
                createdAt.add(e.get("time").asText());
            }
        });
        assertThat(createdAt).as("each create at the time of its own write, not all at the pass's end")
                .hasSizeGreaterThan(1).doesNotHaveDuplicates();
        // Resources go out concurrently, so the events (in plan order) need not be in the order of their times.
        String last = events.get(0).get("time").asText();
        for (JsonNode e : events) {
            if (java.time.Instant.parse(e.get("time").asText()).isAfter(java.time.Instant.parse(last))) {
                last = e.get("time").asText();
            }
        }
        assertThat(get("/events?since=" + last)).as("since is exclusive and takes the times events carry").isEmpty();
        assertThat(send("GET", "/events?since=yesterday", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aPausedApplicationIsObservedButNotHealed() {
        controller.passFor(APP);
        assertThat(send("POST", "/apps/" + APP + "/pause", TOKEN).statusCode()).isEqualTo(200);
        moto.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));
        CallLog.Mark mark = proxy.mark();

        controller.passFor(APP);

        assertThat(proxy.callsSince(mark).writes()).isZero();
        JsonNode app = get("/status/" + APP);
        assertThat(app.get("paused").asBoolean()).isTrue();
        assertThat(app.get("sync").asText()).isEqualTo("OutOfSync");
        assertThat(resource(app, "service-b/service").get("drift").get(0).get("path").asText())
                .isEqualTo("desiredCount");
        // What `tracefleet status` prints from this same API.
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        io.tracefleet.TracefleetApplication cli = new io.tracefleet.TracefleetApplication(
                new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        io.dropwizard.core.setup.Bootstrap<io.tracefleet.setup.TracefleetConfiguration> bootstrap =
                new io.dropwizard.core.setup.Bootstrap<>(cli);
        cli.initialize(bootstrap);
        assertThat(new io.dropwizard.core.cli.Cli(new io.dropwizard.util.JarLocation(getClass()), bootstrap, printed,
                printed).run("status", "--url", controller.api("").toString())).isEmpty();
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines()).hasSize(2)
                .last().asString().startsWith(APP + "  OutOfSync (paused)  ")
                .contains("  service-b/service desiredCount  ");

        assertThat(send("POST", "/apps/" + APP + "/resume", TOKEN).statusCode()).isEqualTo(200);
        controller.passFor(APP);
        assertThat(moto.ecs().describeServices(r -> r.cluster("xray-fargate").services("service-b")).services()
                .get(0).desiredCount()).isEqualTo(1);
        // The resume starts a pass of its own, so the heal is in that one or in this: either way, sync, drift and
        // health say the same thing (ReconcileDecisionsTest pins the status of the healing cycle itself).
        JsonNode healed = get("/status/" + APP);
        JsonNode service = resource(healed, "service-b/service");
        assertThat(healed.get("sync").asText()).isEqualTo("Synced");
        assertThat(service.get("sync").asText()).isEqualTo("Synced");
        assertThat(service.get("drift")).as("corrected, nothing differs").isEmpty();
        assertThat(service.path("healthReason").asText()).as(service.toString()).startsWith("1 of 1 tasks running");
        assertThat(get("/drift")).isEmpty();
        assertThat(get("/events")).filteredOn(e -> e.get("reason").asText().equals("update")).singleElement()
                .satisfies(e -> assertThat(e.get("message").asText()).contains("desiredCount: 3 -> 1"));
    }

    @Test
    void specsListEveryDocumentAndAnInvalidOneWithItsErrors() throws IOException {
        java.nio.file.Files.writeString(specs.resolve("broken.yaml"), MISSPELT_SPEC);
        controller.passFor(APP);

        JsonNode files = get("/specs");

        assertThat(files).anySatisfy(f -> {
            assertThat(f.get("file").asText()).isEqualTo("xray-demo.yaml");
            assertThat(f.get("valid").asBoolean()).isTrue();
            assertThat(f.get("inForce").asBoolean()).isTrue();
        });
        assertThat(files).anySatisfy(f -> {
            assertThat(f.get("file").asText()).isEqualTo("broken.yaml");
            assertThat(f.get("valid").asBoolean()).isFalse();
            assertThat(f.get("errors").get(0).get("field").asText()).isEqualTo("spec.services.web.memroy");
            assertThat(f.get("errors").get(0).get("line").asInt()).isEqualTo(9);
        });
    }

    /** What a link out of the specs directory leads to never reaches the unauthenticated /specs nor /events. */
    @Test
    void aSpecLinkedFromOutsideTheDirectoryIsRefusedUnreadAndItsContentNeverShown(@org.junit.jupiter.api.io.TempDir
                                                                                   java.nio.file.Path elsewhere)
            throws IOException {
        java.nio.file.Path secret = java.nio.file.Files.writeString(elsewhere.resolve("passwd"),
                "root:x:0:0:root:/root:/bin/bash\n");
        java.nio.file.Files.createSymbolicLink(specs.resolve("passwd.yaml"), secret);

        controller.passFor(APP);

        String files = send("GET", "/specs", null).body();
        assertThat(files).contains("passwd.yaml").contains("a symbolic link leading outside the specs directory")
                .doesNotContain("root:x");
        assertThat(send("GET", "/events", null).body()).doesNotContain("root:x");
        assertThat(get("/status/" + APP).get("sync").asText()).isEqualTo("Synced");
    }

    /** A flood of bad files must not make one answer of megabytes: pages of 100, the whole count in a header. */
    @Test
    void specsAndEventsComeInPagesWithTheTotalAndTheNextPagesLink() throws IOException {
        for (int i = 0; i < 150; i++) {
            java.nio.file.Files.writeString(specs.resolve(String.format("broken-%03d.yaml", i)),
                    "apiVersion: tracefleet.io/v1alpha1\n" + "unknown: 1\n".repeat(1)
                            + java.util.stream.IntStream.range(0, 30).mapToObj(k -> "extra" + k + ": 1\n")
                            .collect(java.util.stream.Collectors.joining()));
        }
        // Thousands of errors in 150 files: the log gets each distinct one once, not each one every pass.
        ch.qos.logback.classic.Logger tracefleet = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("io.tracefleet");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        tracefleet.addAppender(log);
        List<String> warnings;
        try {
            controller.passFor(APP);
            controller.passFor(APP);
        } finally {
            tracefleet.detachAppender(log);
            warnings = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .map(e -> e.getFormattedMessage()).toList();
        }
        assertThat(warnings).as("warnings over two passes of the flood").hasSizeLessThanOrEqualTo(25)
                .anySatisfy(w -> assertThat(w).containsPattern("\\d+ error\\(s\\) in 150 file\\(s\\)"));

        HttpResponse<String> first = send("GET", "/specs", null);
        JsonNode firstPage = read(first.body());
        assertThat(first.headers().firstValue("X-Total-Count")).contains("151");
        assertThat(firstPage).hasSize(100);
        assertThat(firstPage.get(1).get("errors")).as("a document's errors are capped, the rest counted")
                .hasSize(21);
        assertThat(firstPage.get(1).get("errors").get(20).get("message").asText()).startsWith("and ")
                .contains("more errors in this document");
        String next = first.headers().firstValue("Link").orElseThrow();
        assertThat(next).endsWith(">; rel=\"next\"");
        URI nextPage = URI.create(next.substring(1, next.indexOf('>')));
        JsonNode secondPage = read(send("GET", nextPage.getRawPath() + "?" + nextPage.getRawQuery(), null).body());
        assertThat(secondPage).hasSize(51);
        assertThat(send("GET", "/specs?limit=0", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/drift?limit=5000", null).statusCode()).isEqualTo(400);

        HttpResponse<String> oneEvent = send("GET", "/events?limit=1", null);
        assertThat(read(oneEvent.body())).hasSize(1);
        long total = Long.parseLong(oneEvent.headers().firstValue("X-Total-Count").orElseThrow());
        assertThat(total).as("the converge made events").isGreaterThan(1);
        String eventsNext = oneEvent.headers().firstValue("Link").orElseThrow();
        assertThat(eventsNext).contains("after=" + read(oneEvent.body()).get(0).get("sequence").asLong());
    }

    @Test
    void anApplicationWhoseSpecTurnsInvalidSaysSoInItsStatusAndEventsUntilItIsFixed() {
        controller.passFor(APP);
        editSpec(spec -> spec.replace("      desiredCount: 1\n", "      desiredCount: one\n"));
        controller.passFor(APP);

        JsonNode invalid = get("/status/" + APP);
        assertThat(invalid.get("specProblem").asText()).contains("last valid version stays in force")
                .contains("xray-demo.yaml").contains("desiredCount");
        assertThat(invalid.get("sync").asText()).as("AWS matches the last valid version, not the file")
                .isEqualTo("Unknown");
        JsonNode listed = get("/status").get("applications").get(0);
        for (JsonNode view : List.of(invalid, listed)) {
            assertThat(view.get("conditions")).filteredOn(c -> c.get("type").asText().equals("SpecValid"))
                    .singleElement().satisfies(c -> {
                        assertThat(c.get("status").asBoolean()).isFalse();
                        assertThat(c.get("message").asText()).containsPattern("xray-demo\\.yaml:\\d+:\\d+: ")
                                .contains("desiredCount");
                    });
            assertThat(view.get("conditions")).filteredOn(c -> c.get("type").asText().equals("Synced"))
                    .singleElement().satisfies(c -> assertThat(c.get("status").asBoolean()).isFalse());
        }
        controller.passFor(APP);
        assertThat(get("/events")).filteredOn(e -> e.get("type").asText().equals("SPEC")).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asText()).as("told once, not every pass")
                        .isEqualTo("Invalid"));

        editSpec(spec -> spec.replace("desiredCount: one", "desiredCount: 1"));
        controller.passFor(APP);

        JsonNode fixed = get("/status/" + APP);
        assertThat(fixed.has("specProblem")).isFalse();
        assertThat(fixed.get("sync").asText()).isEqualTo("Synced");
        assertThat(fixed.get("conditions")).extracting(c -> c.get("type").asText() + "=" + c.get("status").asBoolean())
                .containsExactly("Synced=true", "Healthy=true", "SpecValid=true");
        assertThat(get("/events")).filteredOn(e -> e.get("type").asText().equals("SPEC"))
                .extracting(e -> e.get("reason").asText()).containsExactly("Invalid", "Valid");
    }

    @Test
    void healthChecksAndPrometheusMetricsAreOnTheAdminPort() {
        controller.passFor(APP);
        HttpResponse<String> health = send("GET", controller.admin("/healthcheck"), null);
        HttpResponse<String> metrics = send("GET", controller.admin("/prometheus"), null);

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode checks = read(health.body());
        assertThat(checks.at("/aws/healthy").asBoolean()).isTrue();
        assertThat(checks.at("/reconciler/healthy").asBoolean()).isTrue();
        assertThat(checks.at("/specs/healthy").asBoolean()).isTrue();
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body())
                .containsPattern("tracefleet_aws_calls_total\\{service=\"ecs\",operation=\"CreateService\","
                        + "outcome=\"Success\",access=\"write\"} 2\n")
                .contains("tracefleet_resources{application=\"xray-fargate\",sync=\"synced\",health=\"healthy\"} 18\n")
                .contains("tracefleet_drift_resources{application=\"xray-fargate\"} 0\n");
    }
}
