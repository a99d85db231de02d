package io.tracefleet.reliability;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.local.LocalAws;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The controller as a process of its own, run for minutes at a short resync with drift to heal and a reader polling
 * every endpoint the web UI and a scraper use, sampled for resident memory, live heap, threads and open files. It
 * fails when one of them keeps growing once the JVM is warm. Not part of the default run (tag {@code soak}):
 * {@code mvn -B -o -pl controller verify -Dtest=NONE -Dit.test=SoakE2E -Dgroups=soak -Dit.excludedGroups=
 * -Dtracefleet.soak.minutes=10}.
 */
@Tag("soak")
@ExtendWith(MotoExtension.class)
class SoakE2E {
    private static final Path EXAMPLE = Path.of("..", "specs", "xray-demo.yaml");
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(20);
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    @TempDir
    Path specs;
    @TempDir
    Path logs;
    private LocalAws localAws;
    private AwsClients moto;
    private ControllerProcess controller;

    @BeforeEach
    void setUp(LocalAws localAws) {
        assertThat(ControllerProcess.JAR).as("the jar mvn package builds").exists();
        this.localAws = localAws;
        moto = AwsClients.create(AwsClientSettings.endpoint(localAws.endpoint(), Region.AP_NORTHEAST_1));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (controller != null) {
            controller.close();
        }
        moto.close();
    }

    @Test
    void residentMemoryHeapThreadsAndOpenFilesStopGrowing() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("tracefleet.soak.minutes", "10"));
        // The JIT compiler keeps filling its code cache for minutes: only the second half is judged.
        double warmMinutes = Math.max(2, minutes / 2);
        Files.copy(EXAMPLE, specs.resolve("xray-demo.yaml"));
        // A fixed heap, touched whole at start: otherwise RSS climbs for many minutes as the collector first touches
        // pages of heap it committed long before, which looks like a leak and is not one. Native memory tracking
        // says what else grew.
        controller = ControllerProcess.start("soak", localAws.endpoint(), specs, logs,
                Map.of("TRACEFLEET_RESYNC_INTERVAL", "3s"), List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
                        "-XX:+ExitOnOutOfMemoryError", "-XX:NativeMemoryTracking=summary"));
        await("converged").atMost(Duration.ofMinutes(3)).until(() -> controller.status()
                .map(s -> s.at("/applications/0/sync").asText().equals("Synced")).orElse(false));

        List<Growth.Point> rss = new ArrayList<>();
        List<Growth.Point> code = new ArrayList<>();
        List<Growth.Point> heap = new ArrayList<>();
        List<Growth.Point> threads = new ArrayList<>();
        List<Growth.Point> files = new ArrayList<>();
        long start = System.nanoTime();
        long nextSample = 0;
        long nextDrift = 0;
        boolean baselined = false;
        int heals = 0;
        int reads = 0;
        System.out.printf("SoakE2E: %.1f min at a 3 s resync, sampled every %d s (min, RSS MB, of it outside what"
                + " the JVM tracks MB, JIT code cache MB, live heap MB, threads, fds)%n", minutes, SAMPLE_EVERY.toSeconds());
        while (true) {
            double elapsed = (System.nanoTime() - start) / 60e9;
            if (elapsed >= minutes) {
                break;
            }
            assertThat(controller.isAlive()).as("the controller is still running").isTrue();
            // A reader as the web UI is one: every few seconds the fleet, its events and drift, now and then a plan.
            for (String path : List.of("/status", "/events?limit=100", "/drift", "/specs", "/metrics")) {
                controller.get(path);
                reads++;
            }
            if (reads % 30 == 0) {
                controller.get("/plan/xray-fargate");
            }
            long now = System.nanoTime() - start;
            if (now >= nextDrift) {
                moto.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));
                heals++;
                nextDrift = now + Duration.ofMinutes(1).toNanos();
            }
            if (now >= nextSample) {
                if (!baselined && elapsed >= warmMinutes) {
                    jcmd("VM.native_memory", "baseline");
                    baselined = true;
                }
                long pid = controller.pid();
                jcmd("GC.run");
                double heapMb = heapUsedMb(jcmd("GC.heap_info"));
                double rssMb = statusField(pid, "VmRSS") / 1024.0;
                String nativeMemory = jcmd("VM.native_memory", "summary", "scale=KB");
                double untrackedMb = rssMb - committedMb(TOTAL_COMMITTED, nativeMemory);
                double codeMb = committedMb(CODE_COMMITTED, nativeMemory);
                double threadCount = statusField(pid, "Threads");
                double fdCount = openFiles(pid);
                rss.add(new Growth.Point(elapsed, rssMb - codeMb));
                code.add(new Growth.Point(elapsed, codeMb));
                heap.add(new Growth.Point(elapsed, heapMb));
                threads.add(new Growth.Point(elapsed, threadCount));
                files.add(new Growth.Point(elapsed, fdCount));
                System.out.printf("SoakE2E: %5.1f %7.1f %6.1f %6.1f %6.1f %4.0f %4.0f%n", elapsed, rssMb, untrackedMb,
                        codeMb, heapMb, threadCount, fdCount);
                nextSample = now + SAMPLE_EVERY.toNanos();
            }
            Thread.sleep(2_000);
        }
        if (baselined) {
            System.out.println("SoakE2E: native memory since the warm-up, by what the JVM spent it on:");
            jcmd("VM.native_memory", "summary.diff", "scale=KB").lines()
                    .filter(line -> line.startsWith("-") || line.startsWith("Total"))
                    .forEach(line -> System.out.println("SoakE2E:   " + line.trim()));
        }
        assertThat(controller.status().orElseThrow().at("/applications/0/sync").asText())
                .as("still converged after %d heals", heals).isIn("Synced", "Progressing");

        List<String> problems = new ArrayList<>();
        // The JIT's code cache fills for a long time as methods are recompiled with more profile; it is bounded by
        // its reserved size (240 MB), so it is reported but not judged.
        Growth warmRss = new Growth("RSS outside the JIT's code cache", "MB", rss).after(warmMinutes);
        Growth warmCode = new Growth("JIT code cache", "MB", code).after(warmMinutes);
        Growth warmHeap = new Growth("live heap", "MB", heap).after(warmMinutes);
        Growth warmThreads = new Growth("threads", "", threads).after(warmMinutes);
        Growth warmFiles = new Growth("open files", "", files).after(warmMinutes);
        System.out.printf("SoakE2E: once warm (from %.1f min): RSS outside the code cache %.0f -> %.0f MB (%.2f MB/min),"
                        + " code cache %.1f -> %.1f MB, live heap %.1f -> %.1f MB (%.2f MB/min), threads %.0f -> %.0f,"
                        + " open files %.0f -> %.0f; %d heals, %d reads%n",
                warmMinutes, warmRss.first(), warmRss.last(), warmRss.slopePerMinute(), warmCode.first(),
                warmCode.last(), warmHeap.first(),
                warmHeap.last(), warmHeap.slopePerMinute(), warmThreads.first(), warmThreads.last(),
                warmFiles.first(), warmFiles.last(), heals, reads);
        problems.addAll(warmRss.unboundedBeyond(Double.parseDouble(System.getProperty("tracefleet.soak.rssSlope",
                "1.0")), 48));
        // The event log fills towards its bound of 1,000 events for hours at one heal a minute.
        problems.addAll(warmHeap.unboundedBeyond(0.5, 12));
        problems.addAll(warmThreads.unboundedBeyond(0.5, 3));
        problems.addAll(warmFiles.unboundedBeyond(1.0, 8));
        assertThat(problems).as("growth once warm").isEmpty();
    }

    private String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(JCMD.toString(), Long.toString(controller.pid())));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("jcmd %s", String.join(" ", command)).isTrue();
        return out;
    }

    private static final Pattern TOTAL_COMMITTED = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");
    private static final Pattern CODE_COMMITTED = Pattern.compile("Code \\(reserved=\\d+KB, committed=(\\d+)KB");

    /** What native memory tracking counts as committed, in all or for one kind. */
    private static double committedMb(Pattern kind, String summary) {
        Matcher matcher = kind.matcher(summary);
        assertThat(matcher.find()).as("VM.native_memory summary: %s", summary).isTrue();
        return Long.parseLong(matcher.group(1)) / 1024.0;
    }

    private static double heapUsedMb(String heapInfo) {
        Matcher matcher = HEAP_USED.matcher(heapInfo);
        assertThat(matcher.find()).as("GC.heap_info: %s", heapInfo).isTrue();
        return Long.parseLong(matcher.group(1)) / 1024.0;
    }

    /** A numeric field of /proc/PID/status (VmRSS in kB, Threads). */
    private static double statusField(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith(field + ":"))
                .map(line -> line.substring(field.length() + 1).trim().split("\\s+")[0])
                .mapToDouble(Double::parseDouble).findFirst().orElseThrow();
    }

    private static double openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }
}
