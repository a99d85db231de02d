package io.tracefleet.bench;

import io.tracefleet.aws.ApiBudget;
import io.tracefleet.aws.AwsRateLimiter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The bench's figures as Markdown: one row per N, then the calls by operation. */
final class Report {
    static final String BEGIN = "<!-- bench:begin -->";
    static final String END = "<!-- bench:end -->";
    private static final Duration DEFAULT_RESYNC = Duration.ofSeconds(30);

    private Report() {
    }

    private static final String HEADER = """
            | N | converge: wall · in moto · own · CPU · calls r/w | idle: wall · in moto · CPU · reads (per svc) · writes | floor at 100 % / at the 50 % budget (bottleneck) → resync at 30 s | drift repaired after | edit one service: calls r/w | peak heap · RSS |
            | --- | --- | --- | --- | --- | --- | --- |
            """;

    static String row(SizeRun.Result r) {
        String converge = r.converge().map(f -> String.join(" · ", s(f.wall()), s(f.inMoto()), s(f.outsideMoto()),
                s(f.controllerCpu()), f.calls().reads() + "/" + f.calls().writes())
                + (r.convergePasses() > 1 ? " (" + r.convergePasses() + " passes)" : "")).orElse("—");
        String idle = r.idle().map(f -> String.join(" · ", s(f.wall()), s(f.inMoto()), s(f.controllerCpu()),
                f.calls().reads() + " (" + String.format(Locale.ROOT, "%.2f", (double) f.calls().reads() / r.services())
                        + ")", String.valueOf(f.calls().writes()))).orElse("—");
        String floor = r.idle().map(f -> {
            ApiBudget.Floor physical = ApiBudget.documented(1.0).floor(f.buckets());
            ApiBudget budget = ApiBudget.documented(AwsRateLimiter.DEFAULT_SHARE);
            ApiBudget.Floor atBudget = budget.floor(f.buckets());
            return s(physical.duration()) + " / " + s(atBudget.duration()) + " ("
                    + atBudget.bottleneck().map(Object::toString).orElse("none") + ") → "
                    + s(budget.resync(DEFAULT_RESYNC, f.buckets()).effective());
        }).orElse("—");
        String drift = r.driftRepairedAfter().map(d -> s(d) + (r.driftRepaired() ? "" : " (not repaired!)"))
                .orElse(r.drift().isPresent() ? "not repaired" : "—");
        String edit = r.edit().map(f -> f.calls().reads() + "/" + f.calls().writes() + " ("
                + f.calls().writeCalls().stream().map(c -> c.operation()).distinct().collect(Collectors.joining(", "))
                + ")").orElse("—");
        return "| " + r.services() + (r.ownLoadBalancers() ? "" : " ¹") + " | " + converge + " | " + idle + " | " + floor
                + " | " + drift + " | " + edit + " | " + r.peakHeapMiB() + " MiB · " + r.peakRssMiB() + " MiB |";
    }

    static String table(List<SizeRun.Result> results) {
        StringBuilder out = new StringBuilder(HEADER);
        results.forEach(r -> out.append(row(r)).append('\n'));
        return out.toString();
    }

    private static final String LEGEND = """
            Times in seconds. *In moto*: the time during which at least one call was in the proxy (moto's answer
            time plus forwarding; calls made at once count once); *own*: wall time minus that, when the
            controller had no call out; *CPU*: CPU time of the controller's threads
            (the loop and the application workers, where the SDK calls run). Converge starts at the controller's
            start and ends with the first pass that reports everything synced. *Floor*: the shortest pass AWS's
            sustained throttle rates allow for the calls an idle pass makes (per bucket, the slowest bucket
            decides), at the whole account's rate and at the controller's default 50 % share; *resync at 30 s*: the
            interval the loop would wait with the default 30 s setting. The bench runs the controller without its
            client-side rate limiter (moto throttles nothing; the figures are the controller's), so wall times are
            not budget-bound. *Drift*: from an out-of-band `UpdateService` (desiredCount 1 → 3) to the controller's
            corrective `UpdateService` reaching moto, when the pass starts at once; on a resync, add up to one
            interval. *Edit*: desiredCount 1 → 2 of one service in the spec. Peak heap: the heap pools' peaks; RSS:
            VmHWM of the bench's JVM (controller, proxy and bench together), reset before each N (a JVM keeps the
            heap an earlier N made it grow, so a later N's figure includes that).
            ¹ on shared load balancers (100 services each, one listener rule per service): one ALB per service stops at AWS's quota of 50.
            """;

    static String document(List<SizeRun.Result> results, Duration took) {
        StringBuilder out = new StringBuilder("# Tracefleet bench, " + LocalDate.now() + "\n\n");
        out.append(environment()).append(", whole run ").append(s(took)).append(" s\n\n");
        out.append(table(results)).append('\n').append(LEGEND).append('\n');
        for (SizeRun.Result r : results) {
            r.notes().forEach(note -> out.append("- N = ").append(r.services()).append(": ").append(note).append('\n'));
        }
        for (SizeRun.Result r : results) {
            out.append("\n## N = ").append(r.services()).append("\n\n");
            out.append("Controller start-up ").append(s(r.startup())).append(" s; converge in ")
                    .append(r.convergePasses()).append(" pass(es).\n\n");
            section(out, "converge", r.converge());
            section(out, "idle", r.idle());
            section(out, "drift", r.drift());
            section(out, "edit", r.edit());
        }
        return out.toString();
    }

    /**
     * The performance report's part: the table, and where the full results are. The link is relative to the
     * report's own directory, where a Markdown viewer resolves it; the text names the file from the checkout's root.
     */
    static String summary(List<SizeRun.Result> results, Duration took, Path file, Path report) {
        String link = report.toAbsolutePath().normalize().getParent()
                .relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
        return "Latest run (" + LocalDate.now() + ", " + environment() + ", " + s(took) + " s; details in [bench/"
                + file.toString().replace('\\', '/') + "](" + link + ")):\n\n"
                + table(results) + "\n" + LEGEND;
    }

    /** Replaces what lies between the report's markers, leaving the prose around the table as it is. */
    static void intoReport(Path report, String summary) throws IOException {
        String text = Files.readString(report);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(report + " has no " + BEGIN + " … " + END + " section");
        }
        Files.writeString(report, text.substring(0, begin + BEGIN.length()) + "\n" + summary
                + text.substring(end));
    }

    private static void section(StringBuilder out, String name, Optional<Window.Figures> figures) {
        if (figures.isEmpty()) {
            return;
        }
        Window.Figures f = figures.get();
        out.append("- **").append(name).append("**: wall ").append(s(f.wall())).append(" s, in moto ")
                .append(s(f.inMoto())).append(" s, controller CPU ").append(s(f.controllerCpu()))
                .append(" s (whole JVM ").append(s(f.processCpu())).append(" s); ")
                .append(f.calls().reads()).append(" reads, ").append(f.calls().writes()).append(" writes: ")
                .append(byOperation(f.calls().byOperation())).append('\n');
    }

    private static String byOperation(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String environment() {
        // config.yml takes TRACEFLEET_TARGET_HEALTH, which decides how many ELBv2 reads a pass makes.
        String targetHealth = System.getenv().getOrDefault("TRACEFLEET_TARGET_HEALTH", "unsettled");
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", target health read: " + (targetHealth.isBlank() ? "unsettled" : targetHealth);
    }

    static String s(Duration d) {
        return String.format(Locale.ROOT, "%.2f", d.toNanos() / 1e9);
    }
}
