package io.tracefleet.e2e;

import io.dropwizard.testing.ConfigOverride;
import io.tracefleet.diff.Fingerprint;
import io.tracefleet.reconcile.CycleResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain env value someone put in a spec (a password that belonged under {@code secrets}) shows in the plan the log
 * prints, in {@code /events}, {@code /drift} and {@code /plan} only as a fingerprint, its name always; unless
 * {@code showEnvValues} says otherwise.
 */
class SensitiveValuesE2E extends E2EBase {
    private static final String VALUE = "hunter2-db-password";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anEnvValueShowsOnlyAsAFingerprintInThePlanEventsDriftAndStatus() throws Exception {
        controller.passFor(APP);
        addEnv();

        CycleResult applied = controller.passFor(APP);

        String logged = applied.plan().toText();
        assertThat(logged).as("the plan the log prints").contains("DB_PASSWORD").contains(Fingerprint.of(VALUE))
                .doesNotContain(VALUE);
        assertThat(get("/events")).contains("DB_PASSWORD").doesNotContain(VALUE);
        assertThat(get("/status/" + APP)).doesNotContain(VALUE);

        controller.wiring().reconciler().pause(APP);
        editSpec(spec -> spec.replace(VALUE, VALUE + "-rotated"));
        controller.passFor(APP);
        assertThat(get("/drift")).contains("DB_PASSWORD").contains(Fingerprint.of(VALUE))
                .contains(Fingerprint.of(VALUE + "-rotated")).doesNotContain(VALUE);
        assertThat(get("/plan/" + APP)).contains("DB_PASSWORD").contains(Fingerprint.of(VALUE + "-rotated"))
                .doesNotContain(VALUE);
    }

    @Test
    void showEnvValuesShowsThemAsTheyAre() {
        controller.close();
        controller = new RunningController(proxy.endpoint(), specs, ConfigOverride.config("showEnvValues", "true"));
        controller.passFor(APP);
        addEnv();

        assertThat(controller.passFor(APP).plan().toText()).contains("DB_PASSWORD: (absent) -> " + VALUE);
    }

    private void addEnv() {
        editSpec(spec -> spec.replace("        API_CNAME: ${services.service-b.endpoint}\n",
                "        API_CNAME: ${services.service-b.endpoint}\n        DB_PASSWORD: " + VALUE + "\n"));
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + controller.localPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
