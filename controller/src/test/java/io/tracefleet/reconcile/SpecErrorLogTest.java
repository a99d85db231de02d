package io.tracefleet.reconcile;

import io.tracefleet.spec.SpecError;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpecErrorLogTest {

    /** 500 files claiming the example's names: each gives the same two errors. */
    private static List<SpecError> flood() {
        List<SpecError> errors = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Path file = Path.of("specs", "copy-" + i + ".yaml");
            errors.add(new SpecError(file, 5, 9, "metadata.name", "application 'xray-fargate' is declared twice"));
            errors.add(new SpecError(file, 20, 15, "spec.services.service-b.loadBalancer.name",
                    "load balancer 'xray-fargate-b-alb' is claimed twice"));
        }
        return errors;
    }

    @Test
    void identicalErrorsAreOneLineWithACountAndTheNextPassLogsOnlyTheSummary() {
        SpecErrorLog log = new SpecErrorLog();

        List<String> first = log.lines(flood(), List.of());
        List<String> second = log.lines(flood(), List.of());

        assertThat(first).containsExactly(
                "invalid spec, not applied: specs/copy-0.yaml:5:9: metadata.name: application 'xray-fargate' is "
                        + "declared twice (the same error 499 more time(s), in other files or documents)",
                "invalid spec, not applied: specs/copy-0.yaml:20:15: spec.services.service-b.loadBalancer.name: "
                        + "load balancer 'xray-fargate-b-alb' is claimed twice (the same error 499 more time(s), in "
                        + "other files or documents)",
                "specs: 1000 error(s) in 500 file(s), 2 distinct, 2 new since the last pass; GET /specs or "
                        + "`tracefleet validate` lists them");
        assertThat(second).containsExactly("specs: 1000 error(s) in 500 file(s), 2 distinct, 0 new since the last "
                + "pass; GET /specs or `tracefleet validate` lists them");
    }

    @Test
    void distinctErrorsAndKeptFilesAreCappedPerPass() {
        List<SpecError> errors = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Path file = Path.of("specs", "f" + i + ".yaml");
            errors.add(new SpecError(file, 1, 1, "spec.region", "region " + i + " is unknown"));
            kept.add(file);
        }

        List<String> lines = new SpecErrorLog().lines(errors, kept);

        assertThat(lines).hasSize(SpecErrorLog.MAX_LINES + 2);
        assertThat(lines.get(SpecErrorLog.MAX_LINES)).isEqualTo("… and 580 more new spec problem(s) not logged");
    }

    @Test
    void anErrorThatGoesAndComesBackIsLoggedAgain() {
        SpecErrorLog log = new SpecErrorLog();
        List<SpecError> one = List.of(new SpecError(Path.of("a.yaml"), 3, 1, "spec", "broken"));

        log.lines(one, List.of());
        assertThat(log.lines(List.of(), List.of())).isEmpty();
        assertThat(log.lines(one, List.of())).hasSize(2).first().asString().contains("a.yaml:3:1: spec: broken");
    }
}
