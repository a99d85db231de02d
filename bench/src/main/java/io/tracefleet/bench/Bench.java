package io.tracefleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark: for each N, a fresh moto, the counting proxy in front of it and the whole controller on one
 * generated application of N services; it prints a table and writes it to {@code bench/results/<date>.md} and
 * into {@code docs/performance.md}. Run from {@code bench/} ({@code bench/run} does): {@code --n=2,10,100,1000},
 * {@code --minutes=9.5} (the whole run's deadline), {@code --no-report} (docs/performance.md left alone);
 * {@code --throttled} runs each N under AWS's throttle buckets instead, at budget shares 0.5 and 1.0
 * ({@code --shares=1.0} for one of them).
 */
public final class Bench {
    /** Where the summary table goes, from {@code bench/}. */
    static final Path REPORT = Path.of("..", "docs", "performance.md");

    private Bench() {
    }

    /**
     * Each N under AWS-shaped throttling, at the controller's default budget share and at all of it, against the
     * floor AWS's buckets set for the calls made; written to {@code bench/results/<date>-throttled.md}.
     */
    private static void throttled(List<Integer> sizes, List<Double> shares, Instant started, Instant deadline)
            throws IOException {
        StringBuilder table = new StringBuilder(ThrottledRun.HEADER);
        StringBuilder waits = new StringBuilder(ThrottledRun.WAITS_HEADER);
        // The first controller of a JVM starts slower (classes loaded, code not yet compiled): a converge nobody
        // reports takes that, so that no row's start, throttled or not, carries it.
        System.out.println("warming up: an unreported unthrottled converge of N=2");
        ThrottledRun.unthrottled(2, deadline).run();
        for (int n : sizes) {
            if (Instant.now().isAfter(deadline)) {
                System.out.println("N=" + n + ": skipped, the deadline has passed");
                continue;
            }
            System.out.println("N=" + n + ": converging unthrottled (the proxy throttles nothing, the limiter is off)");
            ThrottledRun.Result free = ThrottledRun.unthrottled(n, deadline).run();
            Optional<ThrottledRun.Measured> unthrottled = free.idle().isPresent() ? free.converge() : Optional.empty();
            System.out.println("N=" + n + " unthrottled: " + unthrottled.map(m -> Report.s(m.wall())
                    + ", idle " + Report.s(free.idle().get().wall())).orElse("— (" + free.note() + ")"));
            for (double share : shares) {
                if (Instant.now().isAfter(deadline)) {
                    System.out.println("N=" + n + " at " + share + ": skipped, the deadline has passed");
                    continue;
                }
                System.out.println("N=" + n + " at a budget share of " + share + ": running under AWS's buckets");
                ThrottledRun.Result result = new ThrottledRun(n, share, deadline).run();
                String row = ThrottledRun.row(result, unthrottled, free.idle());
                System.out.println(row);
                table.append(row).append('\n');
                waits.append(ThrottledRun.waitsRow(result)).append('\n');
            }
        }
        String report = "Under AWS-shaped throttling (" + LocalDate.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + ", " + Report.s(Duration.between(started, Instant.now())) + " s)\n\n" + table + "\n" + waits;
        System.out.println();
        System.out.println(report);
        Path file = Path.of("results", LocalDate.now() + "-throttled.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.println("written to bench/" + file);
    }

    public static void main(String[] args) throws IOException {
        List<Integer> sizes = List.of(2, 10, 100, 1000);
        double minutes = 9.5;
        boolean report = true;
        boolean throttled = false;
        List<Double> shares = List.of(io.tracefleet.aws.AwsRateLimiter.DEFAULT_SHARE, 1.0);
        for (String arg : args) {
            if (arg.startsWith("--n=")) {
                sizes = Arrays.stream(arg.substring(4).split(",")).map(String::trim).map(Integer::parseInt).toList();
            } else if (arg.startsWith("--minutes=")) {
                minutes = Double.parseDouble(arg.substring(10));
            } else if (arg.startsWith("--shares=")) {
                shares = Arrays.stream(arg.substring(9).split(",")).map(String::trim).map(Double::parseDouble).toList();
            } else if (arg.equals("--no-report") || arg.equals("--no-readme")) {
                // --no-readme: the table lived in README.md once; command lines written then still work.
                report = false;
            } else if (arg.equals("--throttled")) {
                throttled = true;
            } else if (!arg.isBlank()) {
                System.err.println("unknown argument " + arg + "; use --n=2,10,100,1000 --minutes=9.5 --no-report "
                        + "--throttled --shares=0.5,1.0");
                System.exit(2);
            }
        }
        Instant started = Instant.now();
        Instant deadline = started.plusMillis((long) (minutes * 60_000));
        if (throttled) {
            throttled(sizes, shares, started, deadline);
            return;
        }
        List<SizeRun.Result> results = new ArrayList<>();
        for (int n : sizes) {
            if (Instant.now().isAfter(deadline)) {
                System.out.println("N=" + n + ": skipped, the deadline has passed");
                continue;
            }
            System.out.println("N=" + n + ": running" + (SpecGenerator.ownLoadBalancers(n) ? ""
                    : " (over " + SpecGenerator.MAX_OWN_LOAD_BALANCERS + " services, one ALB each would pass AWS's "
                    + "quota of 50: they share load balancers of " + SpecGenerator.SERVICES_PER_SHARED
                    + " services, one listener rule each)"));
            SizeRun.Result result = new SizeRun(n, deadline).run();
            results.add(result);
            System.out.println(Report.row(result));
        }
        Duration took = Duration.between(started, Instant.now());
        String document = Report.document(results, took);
        System.out.println();
        System.out.println(document);
        Path file = Path.of("results", LocalDate.now() + ".md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, document);
        System.out.println("written to bench/" + file);
        if (report) {
            Report.intoReport(REPORT, Report.summary(results, took, file, REPORT));
            System.out.println("docs/performance.md updated");
        }
    }
}
