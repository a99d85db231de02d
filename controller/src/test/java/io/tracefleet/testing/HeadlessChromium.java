package io.tracefleet.testing;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven by Playwright's bundled driver. Nothing is downloaded: the browser is the system
 * one, and each instance gets a fresh profile so no state leaks from one test to the next (sessionStorage included).
 * Console errors and failed page loads are collected, since a broken script shows as an empty page, not an error.
 * Shared with bench/, which measures the web UI with it.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Map<String, String> NO_DOWNLOAD = Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");

    private final Playwright playwright;
    private final BrowserContext context;
    private final Path profile;
    public final Page page;
    /** Uncaught script errors and console errors (a CSP violation is one), in order. */
    public final List<String> errors = new ArrayList<>();

    public HeadlessChromium() {
        System.setProperty("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        try {
            profile = Files.createTempDirectory("tracefleet-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(NO_DOWNLOAD));
        context = playwright.chromium().launchPersistentContext(profile,
                new BrowserType.LaunchPersistentContextOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--disable-background-networking", "--disable-component-update", "--disable-sync"))
                        .setViewportSize(1600, 1000));
        page = context.pages().isEmpty() ? context.newPage() : context.pages().get(0);
        page.onConsoleMessage(message -> {
            // A refused action is an answer the page shows, not a fault of the page.
            if ("error".equals(message.type()) && !message.text().contains("status of 401")) {
                errors.add(message.text());
            }
        });
        page.onPageError(errors::add);
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            playwright.close();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A profile left in the temp directory harms nothing.
            }
        }
    }
}
