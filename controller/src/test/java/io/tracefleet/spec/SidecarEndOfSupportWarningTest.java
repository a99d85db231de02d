package io.tracefleet.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The X-Ray daemon keeps working until AWS ends its support; until then a spec that uses it is valid, and told. */
class SidecarEndOfSupportWarningTest {
    private static final String FIX = "set tracing.sidecar: adot";

    @TempDir
    Path dir;

    @Test
    void theExampleKeepsTheDaemonAndIsValidWithOneWarningAtItsSidecarField() {
        SpecSet specs = new SpecLoader().load(TestSpecs.SEED_EXAMPLE);

        assertThat(specs.isValid()).isTrue();
        assertThat(specs.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.file()).isEqualTo(TestSpecs.SEED_EXAMPLE);
            assertThat(warning.line()).isEqualTo(21);
            assertThat(warning.column()).isEqualTo(5);
            assertThat(warning.field()).isEqualTo("spec.tracing.sidecar");
            assertThat(warning.message()).startsWith("the X-Ray daemon reaches end of support on 2027-02-25; " + FIX);
        });
    }

    @Test
    void theDaemonAsDefaultIsWarnedAtTheNearestFieldPresent() {
        SpecSet specs = TestSpecs.load(dir, "app.yaml", TestSpecs.minimal("web:\n  image: nginx\n  port: 80\n"));

        assertThat(specs.isValid()).isTrue();
        assertThat(specs.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.field()).isEqualTo("spec.tracing.sidecar");
            assertThat(warning.line()).as("spec:, the closest key the file has").isEqualTo(5);
            assertThat(warning.message()).startsWith("the X-Ray daemon (the default) reaches end of support on "
                    + "2027-02-25; " + FIX);
        });
    }

    @Test
    void theCollectorAndNoSidecarAreNotWarned() {
        for (String sidecar : new String[] {"adot", "none"}) {
            SpecSet specs = TestSpecs.load(dir, sidecar + ".yaml", TestSpecs.minimal("web:\n  image: nginx\n  port: 80\n")
                    .replace("  services:", "  tracing:\n    sidecar: " + sidecar + "\n  services:"));

            assertThat(specs.isValid()).isTrue();
            assertThat(specs.warnings()).as(sidecar).isEmpty();
        }
    }

    @Test
    void anUnknownSidecarIsAnErrorNotAWarning() {
        SpecSet specs = TestSpecs.load(dir, "app.yaml", TestSpecs.minimal("web:\n  image: nginx\n  port: 80\n")
                .replace("  services:", "  tracing:\n    sidecar: xray\n  services:"));

        assertThat(specs.errors()).extracting(SpecError::field).containsExactly("spec.tracing.sidecar");
        assertThat(specs.warnings()).isEmpty();
    }
}
