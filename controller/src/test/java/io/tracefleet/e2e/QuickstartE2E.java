package io.tracefleet.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quickstart as a newcomer runs it, with the commands read from README.md itself
 * ({@link ReadmeQuickstart}): the main job's server command in a copy of the checkout's layout, the printed
 * {@code export AWS_ENDPOINT_URL=…} line pasted into another shell with the first screen's drift command, the token
 * walkthrough's {@code status --watch} and curl lines, and a typo in the spec file. Everything is seen as the user
 * sees it: the log, the status command's table, the AWS CLI's and curl's output.
 */
class QuickstartE2E {
    private static final Path CHECKOUT = Path.of("..");
    private static final String APP = "xray-fargate";
    private static final String SPEC = "specs/xray-demo.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONVERGE = Duration.ofMinutes(3);
    private static final Duration STEP = Duration.ofMinutes(1);
    private static final Pattern WATCH_HEADER = Pattern.compile("(?m)^\\S+  \\S+  \\(every \\d+ s\\)$");
    private static final Pattern SYNCED_HEALTHY = Pattern.compile("(?m)^" + APP + " +Synced +Healthy +- *$");
    private static final Pattern PAUSED = Pattern.compile("(?m)^" + APP + " +\\S+ \\(paused\\) ");

    @TempDir
    Path checkout;

    private final long started = System.nanoTime();
    private long stepStarted = started;

    @Test
    void theReadmesQuickstartWorksAsWritten() throws Exception {
        ReadmeQuickstart readme = ReadmeQuickstart.read(CHECKOUT.resolve("README.md"));

        // Build: Maven's package phase runs before failsafe, so the jar the README's build makes is here already;
        // the test checks that the README's build is that phase and that its server command runs that jar.
        assertThat(readme.build()).startsWith("mvn ").contains(" package");
        // A first build takes minutes: with -q it said nothing all that time.
        assertThat(readme.build()).as("a build that shows its progress").doesNotContainPattern("\\s-q\\b");
        assertThat(readme.server()).startsWith("java -jar ");
        Path jar = CHECKOUT.resolve(readme.server().split(" +")[2]);
        assertThat(jar).as("the jar the README's server command runs, made by the package phase").isRegularFile();
        layOutCheckout(jar);
        step("build (Maven's package phase, before this test): " + readme.build());

        UserShell.Result exported = new UserShell(checkout, Map.of()).run(readme.walkthroughLine(
                "export TRACEFLEET_API_TOKEN=") + "\nprintf %s \"$TRACEFLEET_API_TOKEN\"", STEP);
        String token = exported.stdout();
        assertThat(token).as("the token the walkthrough's export line makes: %s", exported).matches("\\S{16,}");
        // The README's default ports, 8080 and 8081, may be taken where the tests run (another build's controller),
        // so they are the one deviation: free ports, through the variables the README gives for them. Every later
        // command gets them as a user who set them would: the status command reads TRACEFLEET_PORT, and the curl
        // lines' port 8080 is replaced by it.
        int[] ports = freePorts();
        String api = "http://127.0.0.1:" + ports[0];
        UserShell user = new UserShell(checkout, Map.of("TRACEFLEET_API_TOKEN", token,
                "TRACEFLEET_PORT", Integer.toString(ports[0]), "TRACEFLEET_ADMIN_PORT", Integer.toString(ports[1])));
        // The walkthrough starts the main job's server command, with the token set: one start covers both.
        assertThat(readme.walkthroughLine(" server ")).isEqualTo(readme.server() + " &");

        Path log = checkout.resolve("server.log");
        Path watchOutput = checkout.resolve("status-watch.out");
        Process server = user.start(readme.server(), log);
        Process watch = user.start(readme.walkthroughLine(" status "), watchOutput);
        boolean passed = false;
        try {
            String export = await("the log's export line").atMost(CONVERGE).pollInterval(Duration.ofMillis(200))
                    .until(() -> exportLines(log), lines -> !lines.isEmpty()).get(0);
            step("start, to the log's line: " + export);

            int converged = awaitPrint(watchOutput, 0, SYNCED_HEALTHY, CONVERGE);
            step("converged: the status command's table shows " + APP + " Synced and Healthy");

            String pause = curlLine(readme, "/pause", api);
            assertThat(user.run(withoutToken(pause), STEP).stdout()).endsWith("HTTP 401\n");
            assertThat(user.run(pause, STEP).stdout()).contains("\"paused\":true").endsWith("HTTP 200\n");
            step("pause: 401 without the token, 200 with it");

            Matcher drift = Pattern.compile("--cluster (\\S+) --service (\\S+) --desired-count (\\d+) --region (\\S+)")
                    .matcher(readme.drift());
            assertThat(drift.find()).as(readme.drift()).isTrue();
            UserShell.Result drifted = user.run(export + "\n" + readme.drift(), STEP);
            assertThat(drifted.exitCode()).as(drifted.toString()).isZero();
            assertThat(drifted.stdout()).contains("\"desiredCount\": " + drift.group(3));
            step("drift with the export line and the README's command: " + readme.drift());

            int paused = awaitPrint(watchOutput, converged, PAUSED, STEP);
            String pretty = user.run(readme.walkthroughLine("?pretty").replace("http://127.0.0.1:8080", api), STEP)
                    .stdout();
            assertThat(pretty).as("indented").contains("\n  \"paused\" : true,\n");
            assertThat(JSON.readTree(pretty).path("name").asText()).isEqualTo(APP);
            step("paused: shown by the status command and by ?pretty");

            String resume = curlLine(readme, "/resume", api);
            assertThat(user.run(withoutToken(resume), STEP).stdout()).endsWith("HTTP 401\n");
            int resumedAt = Files.readString(log).length();
            assertThat(user.run(resume, STEP).stdout()).contains("\"paused\":false").endsWith("HTTP 200\n");
            // Resuming starts a pass (the log: "pass started (API: … resumed)"), which heals the drift.
            await("the heal in the log").atMost(STEP).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(log).substring(resumedAt), Pattern.compile("(?s)\\[applied [^]]+] ~ +"
                            + "update " + drift.group(2) + "/service .*?desiredCount: " + drift.group(3) + " -> ")
                            .asPredicate());

            // The Commands section: plan, run from the checkout's root, takes controller/config.yml and, in local
            // mode, the running controller's embedded AWS, where nothing is left to do once healed. It starts now,
            // beside the checks that follow, since its JVM takes seconds to start.
            String tracefleet = readme.server().substring(0, readme.server().indexOf(" server "));
            UserShell.Running plan = user.begin(tracefleet + " plan");
            // No --region here: the export line's AWS_DEFAULT_REGION must be enough for the AWS CLI v1, which reads
            // no other region variable.
            assertThat(export).contains(" AWS_DEFAULT_REGION=" + drift.group(4));
            UserShell.Result described = user.run(export + "\naws ecs describe-services --cluster " + drift.group(1)
                    + " --services " + drift.group(2) + " --query 'services[0].desiredCount' --output text", STEP);
            assertThat(described.stdout().strip()).as(described.toString()).isEqualTo(desiredCount(drift.group(2)));
            int healed = awaitPrint(watchOutput, paused, SYNCED_HEALTHY, STEP);
            step("resume: 401 without the token, 200 with it; healed (AWS CLI: desiredCount "
                    + described.stdout().strip() + "), Synced and Healthy again");

            UserShell.Result planned = plan.await(STEP);
            assertThat(planned.exitCode()).as(planned.toString()).isZero();
            assertThat(planned.stdout()).as(planned.toString())
                    .contains("note: using the embedded AWS of the controller running as pid ")
                    .contains(APP + ": no changes; AWS matches the spec");
            step("plan: the running controller's AWS, no changes");

            Path spec = checkout.resolve(SPEC);
            String valid = Files.readString(spec);
            List<String> lines = valid.lines().toList();
            int line = lines.stream().filter(l -> l.strip().startsWith("desiredCount:")).findFirst()
                    .map(lines::indexOf).orElseThrow();
            int column = lines.get(line).indexOf("desiredCount") + 1;
            replace(spec, valid.replaceFirst("desiredCount:", "desiredCont:"));
            String location = SPEC + ":" + (line + 1) + ":" + column + ": ";
            int invalid = awaitPrint(watchOutput, healed, Pattern.compile("(?m)^" + APP + " +(?!Synced )\\S+ .*"
                    + Pattern.quote(location) + "spec\\.services\\."), STEP);
            step("a typo'd field: the status command shows " + APP + " not Synced, naming " + location);

            replace(spec, valid);
            awaitPrint(watchOutput, invalid, SYNCED_HEALTHY, STEP);
            step("fixed: Synced again");

            UserShell.stop(watch);
            UserShell.stop(server);
            step("stopped");
            String controllerLog = Files.readString(log);
            assertThat(exportLines(log)).as("the export line, printed once").hasSize(1);
            // A log a person can follow: each pass says what started it, a spec file turning invalid and valid
            // again is said once each, and no library warning, route table or access line (status --watch asked
            // every 2 s throughout) is mixed in.
            assertThat(controllerLog).contains("pass started (start)", "pass started (API: " + APP + " resumed)",
                            "pass started (spec edit)", SPEC + " is invalid; its last valid version stays in force",
                            APP + ": its spec file is valid again and is what is applied")
                    .doesNotContain("logback").doesNotContain("\"GET /status")
                    .doesNotContainPattern("(?m)^\\s+GET\\s+/status ");
            // Stopped, the controller leaves nothing behind: not moto's log, not the file plan and apply read.
            Matcher motoLog = Pattern.compile("is serving AWS at \\S+ \\(pid \\d+, log (\\S+)\\)")
                    .matcher(controllerLog);
            assertThat(motoLog.find()).as("moto's log named in the controller's").isTrue();
            assertThat(Path.of(motoLog.group(1))).doesNotExist();
            assertThat(checkout.resolve(".tracefleet-local-aws")).doesNotExist();
            passed = true;
        } finally {
            UserShell.stop(watch);
            UserShell.stop(server);
            if (!passed) {
                System.out.println("--- the controller's log\n" + Files.readString(log)
                        + "\n--- status --watch\n" + Files.readString(watchOutput));
            }
        }
    }

    /**
     * The checkout as the README's commands need it, from its root: {@code specs/}, {@code controller/config.yml}
     * and the built jar; a copy, so the spec can be edited and the controller's endpoint file written.
     */
    private void layOutCheckout(Path jar) throws IOException {
        Path specs = CHECKOUT.resolve("specs");
        try (Stream<Path> files = Files.list(specs)) {
            Files.createDirectories(checkout.resolve("specs"));
            for (Path file : files.toList()) {
                Files.copy(file, checkout.resolve("specs").resolve(file.getFileName()));
            }
        }
        Path target = Files.createDirectories(checkout.resolve("controller/target"));
        Files.copy(CHECKOUT.resolve("controller/config.yml"), checkout.resolve("controller/config.yml"));
        Files.createSymbolicLink(target.resolve(jar.getFileName()), jar.toAbsolutePath().normalize());
    }

    /** The walkthrough's curl line for {@code path}, on the test's port, with its HTTP status printed after. */
    private static String curlLine(ReadmeQuickstart readme, String path, String api) {
        String line = readme.walkthroughLine(path);
        assertThat(line).startsWith("curl ").contains("http://127.0.0.1:8080/").doesNotContain("#");
        return line.replace("http://127.0.0.1:8080", api) + " -sS -w '\\nHTTP %{http_code}\\n'";
    }

    private static String withoutToken(String curl) {
        String without = curl.replace("-H \"Authorization: Bearer $TRACEFLEET_API_TOKEN\" ", "");
        assertThat(without).as("the walkthrough's bearer header, as the test removes it").isNotEqualTo(curl);
        return without;
    }

    /** The spec's desiredCount of a service: what a heal puts back. */
    private String desiredCount(String service) throws IOException {
        Matcher count = Pattern.compile("(?s)\\n    " + Pattern.quote(service) + ":\\n.*?\\n +desiredCount: (\\d+)")
                .matcher(Files.readString(checkout.resolve(SPEC)));
        assertThat(count.find()).as("%s's desiredCount in %s", service, SPEC).isTrue();
        return count.group(1);
    }

    /** Written whole, then renamed over the file, as config.yml advises: the watcher never reads half a file. */
    private static void replace(Path file, String content) throws IOException {
        Path next = file.resolveSibling("." + file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> exportLines(Path log) throws IOException {
        return Files.readString(log).lines().map(String::strip).filter(l -> l.startsWith("export AWS_ENDPOINT_URL="))
                .toList();
    }

    /**
     * The index of the first print of {@code status --watch} after print {@code after} with a row matching
     * {@code row}. The command fetches and prints one table at a time, so a print after the one that showed the
     * previous state shows what the controller answered after that.
     */
    private static int awaitPrint(Path output, int after, Pattern row, Duration atMost) {
        return await("status --watch printing " + row).atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    List<String> prints = List.of(WATCH_HEADER.split(Files.readString(output), -1));
                    // Whatever precedes the first header is no print.
                    for (int i = after + 1; i < prints.size(); i++) {
                        if (row.matcher(prints.get(i)).find()) {
                            return i;
                        }
                    }
                    return -1;
                }, index -> index >= 0);
    }

    /**
     * Two ports held open together while they are chosen: asked one after the other, the kernel can hand out the
     * same port twice.
     */
    private static int[] freePorts() throws IOException {
        try (ServerSocket api = new ServerSocket(0); ServerSocket admin = new ServerSocket(0)) {
            return new int[] {api.getLocalPort(), admin.getLocalPort()};
        }
    }

    private void step(String what) {
        long now = System.nanoTime();
        System.out.printf("QuickstartE2E %6.1f s (at %6.1f s)  %s%n", (now - stepStarted) / 1e9, (now - started) / 1e9,
                what);
        stepStarted = now;
    }
}
