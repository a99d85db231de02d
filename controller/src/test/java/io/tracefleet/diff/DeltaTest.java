package io.tracefleet.diff;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeltaTest {
    record Container(String image, Map<String, String> env) {
    }

    record Task(Integer cpu, Set<String> subnets, List<Container> containers, String role) {
    }

    private static Task task(Integer cpu, Set<String> subnets, Map<String, String> env, String role) {
        return new Task(cpu, subnets, List.of(new Container("app:1", env)), role);
    }

    @Test
    void equalViewsHaveNoDelta() {
        Task view = task(256, Set.of("a", "b"), Map.of("X", "1"), "r");
        assertThat(Delta.between(view, task(256, Set.of("b", "a"), Map.of("X", "1"), "r")).isEmpty()).isTrue();
    }

    @Test
    void reportsEachDifferingFieldWithItsPath() {
        Task desired = task(512, Set.of("a", "b"), Map.of("X", "1", "API", "b.example"), "r");
        Map<String, String> actualEnv = new LinkedHashMap<>();
        actualEnv.put("X", "2");
        actualEnv.put("EXTRA", "y");
        Task actual = task(256, Set.of("a"), actualEnv, "r");

        assertThat(Delta.between(desired, actual).drifts()).extracting(Drift::toString).containsExactly(
                "cpu: want 512, have 256",
                "subnets: want [a, b], have [a]",
                "containers[0].env.API: want b.example, have (absent)",
                "containers[0].env.EXTRA: want (absent), have y",
                "containers[0].env.X: want 1, have 2");
    }

    @Test
    void aFieldAwsDidNotReportIsUnknownNotDrift() {
        Task desired = task(512, Set.of("a"), Map.of(), "r");
        Task actual = new Task(null, null, null, null);

        assertThat(Delta.between(desired, actual).isEmpty()).isTrue();
    }

    @Test
    void aFieldTheSpecDoesNotManageIsNotCompared() {
        Task desired = new Task(null, Set.of("a"), List.of(), null);
        Task actual = task(1024, Set.of("a"), Map.of(), "someone-elses");

        assertThat(Delta.between(desired, actual).paths()).containsExactly("containers");
    }

    @Test
    void touchesMatchesAPathAndEverythingBelowIt() {
        Delta delta = Delta.between(task(512, Set.of(), Map.of("X", "1"), "r"), task(256, Set.of(), Map.of("X", "2"), "r"));

        assertThat(delta.touches("containers[0]")).isTrue();
        assertThat(delta.touches("cpu")).isTrue();
        assertThat(delta.touches("containers[1]")).isFalse();
    }

    record Secretive(String image, @Sensitive Map<String, String> environment) {
    }

    record Pod(Map<String, Secretive> containers) {
    }

    @Test
    void aSensitiveValueIsShownAsAFingerprintWhenHiddenItsNameAlways() {
        Pod desired = new Pod(Map.of("app", new Secretive("app:1", Map.of("DB_PASSWORD", "hunter2", "SAME", "x"))));
        Pod actual = new Pod(Map.of("app", new Secretive("app:2", Map.of("DB_PASSWORD", "hunter3", "SAME", "y"))));

        List<Drift> drifts = Delta.between(desired, actual).drifts();
        List<Drift> hidden = drifts.stream().map(Drift::withSensitiveValuesHidden).toList();

        assertThat(drifts).extracting(Drift::toString).containsExactly(
                "containers.app.image: want app:1, have app:2",
                "containers.app.environment.DB_PASSWORD: want hunter2, have hunter3",
                "containers.app.environment.SAME: want x, have y");
        assertThat(hidden).extracting(Drift::toString).containsExactly(
                "containers.app.image: want app:1, have app:2",
                "containers.app.environment.DB_PASSWORD: want " + Fingerprint.of("hunter2") + ", have "
                        + Fingerprint.of("hunter3"),
                "containers.app.environment.SAME: want " + Fingerprint.of("x") + ", have " + Fingerprint.of("y"));
        assertThat(Fingerprint.of("hunter2")).matches("fp:[0-9a-f]{8}").isEqualTo(Fingerprint.of("hunter2"))
                .isNotEqualTo(Fingerprint.of("hunter3"));
    }

    @Test
    void aContainerOnlyOneSideHasShowsItsEnvNamesButNotTheirValuesWhenHidden() {
        Pod desired = new Pod(Map.of("app", new Secretive("app:1", Map.of()),
                "worker", new Secretive("w:1", Map.of("TOKEN", "s3cr3t-value"))));
        Pod actual = new Pod(Map.of("app", new Secretive("app:1", Map.of())));

        Drift drift = Delta.between(desired, actual).drifts().get(0);

        assertThat(drift.desired()).contains("s3cr3t-value");
        assertThat(drift.withSensitiveValuesHidden().desired())
                .isEqualTo("Secretive[image=w:1, environment={TOKEN=" + Fingerprint.of("s3cr3t-value") + "}]");
        assertThat(drift.withSensitiveValuesHidden().actual()).isEqualTo("(absent)");
    }
}
