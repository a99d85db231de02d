package io.tracefleet.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.dropwizard.testing.ConfigOverride;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in a real headless Chromium, against the whole controller converging the example on moto. Every check
 * reads what the page shows; the page is loaded once per test and never reloaded, so what changes after a pass
 * arrived through the page's own polling.
 */
class WebUiE2E extends E2EBase {
    private static final String TOKEN = "ui-s3cret-token";
    /**
     * Where the screenshots go: under target, so that a test run leaves the checkout as it found it; with
     * {@code -Dtracefleet.screenshots=docs}, over the README's own in docs/screenshots.
     */
    static final Path SCREENSHOTS = "docs".equals(System.getProperty("tracefleet.screenshots"))
            ? Path.of("..", "docs", "screenshots") : Path.of("target", "screenshots");

    private HeadlessChromium browser;
    private Page page;

    @BeforeAll
    static void patientAssertions() {
        // Expectations wait for the page to catch up (polling, a pass's answer), never measure it.
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    }

    @Override
    ConfigOverride[] configOverrides() {
        // Target health read every pass, so the service map has the load balancers' verdicts to show.
        return new ConfigOverride[]{ConfigOverride.config("apiToken", TOKEN),
                ConfigOverride.config("targetHealth", "always")};
    }

    @BeforeEach
    void openBrowser() {
        browser = new HeadlessChromium();
        page = browser.page;
    }

    @AfterEach
    void closeBrowser() {
        try {
            assertThat(browser.errors).as("script errors in the page").isEmpty();
        } finally {
            browser.close();
        }
    }

    private String ui() {
        return "http://127.0.0.1:" + controller.localPort() + "/ui/";
    }

    private Locator fleetRow(String name) {
        return page.locator("#fleet-table tr.app-row[data-app='" + name + "']");
    }

    private Locator node(String id) {
        return page.locator("#resource-graph g.node[data-id='" + id + "']");
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)).setFullPage(true));
    }

    @Test
    void theFleetShowsTheApplicationSyncedAndHealthyAndItsViewShowsEveryResourceAndTheServiceMap()
            throws IOException {
        List<ResourceStatus> resources = controller.passFor(APP).resources();
        page.navigate(ui());

        Locator row = fleetRow(APP);
        assertThat(row.locator("td").nth(1)).hasText("Synced");
        assertThat(row.locator("td").nth(2)).hasText("Healthy");
        assertThat(row.locator("td").nth(3)).containsText("Valid");
        assertThat(row.locator("td").nth(4)).containsText("selfHeal on");
        assertThat(row.locator("td").nth(8)).hasText(String.valueOf(resources.size()));
        assertThat(page.locator("#backend")).containsText("endpoint http://127.0.0.1:");
        assertThat(page.locator(".controller")).containsText("Synced");
        screenshot("fleet.png");

        row.locator("a").click();
        assertThat(page.locator("#resource-graph g.node")).hasCount(resources.size());
        for (ResourceStatus resource : resources) {
            assertThat(node(resource.id().value())).containsText(resource.id().value());
            assertThat(node(resource.id().value())).containsText("Synced");
        }
        node("service-b/service").click();
        assertThat(page.locator("#details")).containsText("ecs-service");
        assertThat(page.locator("#details")).containsText("arn:aws:ecs:ap-northeast-1:");
        assertThat(page.locator("#details")).containsText("1 of 1 tasks running");
        assertThat(page.locator("#no-drift")).isVisible();
        assertThat(page.locator("#details ul.events")).containsText("create");
        screenshot("application.png");

        page.locator("#tab-services").click();
        Locator map = page.locator("#service-map");
        assertThat(map.locator("g.service")).hasCount(2);
        assertThat(map).containsText("API_CNAME = endpoint");
        String endpointB = "http://" + moto.elbv2().describeLoadBalancers(r -> r.names("xray-fargate-b-alb"))
                .loadBalancers().get(0).dnsName();
        Locator serviceA = page.locator("#service-table tr", new Page.LocatorOptions().setHasText("service-a → "));
        assertThat(serviceA).containsText("service-a → service-b (API_CNAME)");
        assertThat(serviceA).containsText("xray-daemon");
        Locator serviceB = page.locator("#service-table tbody tr").nth(1);
        assertThat(serviceB.locator("td").nth(0)).hasText("service-b");
        assertThat(serviceB).containsText("1 of 1 tasks running");
        assertThat(serviceB).containsText("0 healthy, 0 unhealthy, 0 initial targets");
        assertThat(serviceB).containsText(endpointB);
        screenshot("service-map.png");

        page.navigate(ui() + "#/events");
        page.locator("#filter-type").selectOption("ACTION");
        assertThat(page.locator("#events-table tbody tr").first()).containsText("ACTION");
        assertThat(page.locator("#events-table")).containsText("service-b/service");
        assertThat(page.locator("#events-table")).not().containsText("ERROR");
    }

    @Test
    void driftMadeOutOfBandShowsOnItsNodeAndInThePlanThenClearsAfterTheHealWithoutReload() {
        controller.passFor(APP);
        page.navigate(ui() + "#/apps/" + APP + "/plan");
        moto.ecs().updateService(r -> r.cluster(APP).service("service-b").desiredCount(3));

        page.locator("#compute-plan").click();
        assertThat(page.locator("#plan-summary")).hasText("1 change(s)");
        assertThat(page.locator("#plan-diff")).containsText("update ecs-service service-b/service");
        assertThat(page.locator("#plan-diff .minus")).hasText("- desiredCount: 3");
        assertThat(page.locator("#plan-diff .plus")).hasText("+ desiredCount: 1");

        page.locator("#tab-resources").click();
        node("service-b/service").click();
        assertThat(page.locator("#no-drift")).isVisible();

        controller.passFor(APP);
        // Healed in that pass: what it corrected is in the message and the update's event, and nothing drifts.
        assertThat(page.locator("#details")).containsText("corrected desiredCount");
        assertThat(page.locator("#details ul.events")).containsText("desiredCount: 3 -> 1");
        assertThat(page.locator("#no-drift")).isVisible();
        assertThat(node("service-b/service")).not().containsText("Δ");

        controller.passFor(APP);
        assertThat(page.locator("#no-drift")).isVisible();
        assertThat(page.locator("#drift-table")).hasCount(0);
        assertThat(node("service-b/service")).containsText("Synced");
        assertThat(node("service-b/service")).not().containsText("Δ");
    }

    @Test
    void invalidSpecsShowNotSyncedWithTheirFileAndLine() throws IOException {
        controller.passFor(APP);
        Files.writeString(specs.resolve("broken.yaml"), MISSPELT_SPEC);
        editSpec(spec -> spec.replace("      desiredCount: 1\n", "      desiredCount: one\n"));
        int line = lineOf(specFile(), "desiredCount: one");
        page.navigate(ui());
        assertThat(fleetRow(APP).locator("td").nth(1)).hasText("Synced");

        controller.passFor(APP);

        Locator broken = fleetRow("broken");
        assertThat(broken.locator("td").nth(1)).hasText("NotApplied");
        assertThat(broken).containsText("broken.yaml:9:");
        assertThat(broken).containsText("spec.services.web.memroy");
        Locator example = fleetRow(APP);
        assertThat(example.locator("td").nth(1).locator(".badge")).hasText("SpecInvalid");
        assertThat(example.locator("td").nth(3)).containsText("xray-demo.yaml:" + line + ":");
        assertThat(example.locator("td").nth(3)).containsText("desiredCount");
        assertThat(page.locator("#spec-errors")).containsText("broken.yaml:9:");
        assertThat(page.locator("#spec-errors")).containsText("xray-demo.yaml:" + line + ":");
    }

    @Test
    void pauseWithAWrongTokenShowsTheServersErrorAndWithTheRightOnePauses() {
        controller.passFor(APP);
        page.navigate(ui() + "#/apps/" + APP + "/resources");
        assertThat(page.locator(".app-header")).containsText("Synced");

        page.locator("#act-pause").click();
        page.locator("#token-input").fill("a-guess");
        page.locator("#token-submit").click();
        assertThat(page.locator("#notice")).containsText("Pause refused (401): the bearer token is not the "
                + "configured one");
        assertThat(page.locator(".app-header")).not().containsText("Paused");

        page.locator("#act-pause").click();
        page.locator("#token-input").fill(TOKEN);
        page.locator("#token-submit").click();
        assertThat(page.locator(".app-header .badge", new Page.LocatorOptions().setHasText("Paused"))).isVisible();
        assertThat(page.locator("#act-resume")).isVisible();

        // Paused, a pass reports the drift it sees instead of healing it: the node stays out of sync.
        moto.ecs().updateService(r -> r.cluster(APP).service("service-b").desiredCount(3));
        controller.passFor(APP);
        assertThat(node("service-b/service")).containsText("OutOfSync");

        page.locator("#act-resume").click();
        assertThat(page.locator("#notice")).containsText("Resume: done");
        assertThat(page.locator("#act-pause")).isVisible();
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " is not in " + file);
    }
}
