package io.tracefleet.bench;

import com.microsoft.playwright.Page;
import io.tracefleet.local.LocalAws;
import io.tracefleet.local.LocalAwsSettings;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.testing.HeadlessChromium;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the web UI costs a browser on one generated application of N services (bench/ui): for each view, the time
 * from the start of navigation until the page shows all of it (every node drawn, every service on the map), and the
 * bytes the page received on the way. Measured in the page itself (performance.now() and the resource timing
 * entries), in Debian's headless Chromium with a fresh profile, against the whole controller on moto after it has
 * converged. Figures to read, not to assert: they depend on the machine.
 */
public final class UiBench {
    private static final String TIMING = """
            () => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
              .map(e => ({name: e.name.replace(location.origin, ''), transfer: e.transferSize,
                          body: e.decodedBodySize}))""";

    private UiBench() {
    }

    record Row(String view, String ready, double millis, long transferred, long decoded, String largest) {
    }

    public static void main(String[] args) throws Exception {
        int services = 1000;
        for (String arg : args) {
            if (arg.startsWith("--n=")) {
                services = Integer.parseInt(arg.substring(4));
            }
        }
        Path dir = Files.createTempDirectory("tracefleet-ui-bench-");
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Files.writeString(specs.resolve("bench.yaml"), SpecGenerator.spec(services, -1));
        List<Row> rows = new ArrayList<>();
        int resources;
        long start = System.nanoTime();
        try (LocalAws moto = LocalAws.start(LocalAwsSettings.defaults(SpecGenerator.REGION, dir.resolve("moto.log")));
             // No early cycle for what moto leaves moving: a cycle changes what the page shows, and the figures
             // are of one render each.
             BenchController controller = new BenchController(moto.endpoint(), specs,
                     io.dropwizard.testing.ConfigOverride.config("progressRecheck", "0s"))) {
            resources = converge(controller);
            System.out.printf(Locale.ROOT, "converged %d services (%d resources) in %.1f s%n", services, resources,
                    (System.nanoTime() - start) / 1e9);
            String ui = "http://127.0.0.1:" + controller.port() + "/ui/";
            String app = SpecGenerator.APPLICATION;
            try (HeadlessChromium browser = new HeadlessChromium()) {
                Page page = browser.page;
                page.setDefaultTimeout(TimeUnit.MINUTES.toMillis(10));
                rows.add(measure(page, "fleet (cold: assets too)", ui + "#/",
                        "document.querySelector(\"#fleet-table tr[data-app='" + app + "'] .badge\")", "1 row"));
                rows.add(measure(page, "application: resource graph", ui + "#/apps/" + app + "/resources",
                        "document.querySelectorAll('#resource-graph g.node').length >= " + resources,
                        resources + " nodes"));
                rows.add(select(page, "application: a node selected",
                        SpecGenerator.service((services + 1) / 2) + "/service"));
                rows.add(measure(page, "service map", ui + "#/apps/" + app + "/services",
                        "document.querySelectorAll('#service-map g.service').length >= " + services,
                        services + " services"));
                if (!browser.errors.isEmpty()) {
                    System.out.println("script errors in the page: " + browser.errors);
                }
            }
        }
        String table = table(services, resources, rows);
        System.out.println(table);
        Path out = Path.of("results", LocalDate.now() + "-ui.md");
        Files.writeString(out, table);
        System.out.println("written to bench/" + out);
    }

    private static int converge(BenchController controller) {
        List<CycleResult> results = List.of();
        for (int pass = 0; pass < 4; pass++) {
            results = controller.pass().join();
            if (results.stream().allMatch(CycleResult::isSynced)) {
                break;
            }
        }
        return results.stream().mapToInt(r -> r.resources().size()).sum();
    }

    /** Navigates away and back so each view starts from an empty page, then waits for it in the page's clock. */
    private static Row measure(Page page, String view, String url, String condition, String ready) {
        page.navigate("about:blank");
        page.navigate(url);
        double millis = ((Number) page.waitForFunction("() => (" + condition + ") ? performance.now() : false",
                null, new Page.WaitForFunctionOptions().setPollingInterval(10)).jsonValue()).doubleValue();
        return row(page, view, ready, millis, 0);
    }

    /** A click on a node redraws the view with the node's panel; timed from the click, in the page's clock. */
    private static Row select(Page page, String view, String id) {
        double before = ((Number) page.evaluate("performance.now()")).doubleValue();
        int entriesBefore = ((List<?>) page.evaluate(TIMING)).size();
        page.locator("#resource-graph g.node[data-id='" + id + "']").click();
        double at = ((Number) page.waitForFunction("() => { const h = document.querySelector('#details h2'); "
                + "return h && h.textContent === '" + id + "' ? performance.now() : false; }", null,
                new Page.WaitForFunctionOptions().setPollingInterval(10)).jsonValue()).doubleValue();
        return row(page, view, "panel of " + id, at - before, entriesBefore);
    }

    @SuppressWarnings("unchecked")
    private static Row row(Page page, String view, String ready, double millis, int skip) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) page.evaluate(TIMING);
        long transferred = 0;
        long decoded = 0;
        String largest = "";
        long largestSize = -1;
        for (Map<String, Object> entry : entries.subList(Math.min(skip, entries.size()), entries.size())) {
            long body = ((Number) entry.get("body")).longValue();
            transferred += ((Number) entry.get("transfer")).longValue();
            decoded += body;
            if (body > largestSize) {
                largestSize = body;
                largest = entry.get("name") + " " + kib(body);
            }
        }
        return new Row(view, ready, millis, transferred, decoded, largest);
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    private static String table(int services, int resources, List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "# Web UI, %s: one application of %d services (%d resources)%n%n",
                LocalDate.now(), services, resources));
        out.append(String.format(Locale.ROOT, "%d cores, Java %s, Debian's Chromium headless%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        out.append("| view | shown when | time to render (ms) | bytes on the wire | bytes decoded | largest answer |\n");
        out.append("| --- | --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s | %s |%n", row.view(), row.ready(),
                    row.millis(), kib(row.transferred()), kib(row.decoded()), row.largest()));
        }
        out.append("\nTime to render: from the start of navigation (for a node, from the click) until the page shows ")
                .append("it all, in the page's own clock. Bytes: every answer the page received by then (the ")
                .append("resource timing entries), on the wire (gzip, headers) and decoded.\n");
        return out.toString();
    }
}
