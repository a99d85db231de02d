package io.tracefleet.desired;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tracefleet.spec.TestSpecs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the whole desired state of the example, as text and as JSON. A change to either is a change to what
 * Tracefleet creates in AWS, so it must be deliberate: run with {@code -Dgolden.update=true} to rewrite them,
 * then review the diff.
 */
class DesiredStateGoldenTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    @Test
    void renderedText() throws IOException {
        String text = DesiredStateText.render(DesiredStateBuilder.build(TestSpecs.seedExample()));

        assertMatchesGolden("xray-demo.txt", text);
    }

    @Test
    void json() throws IOException {
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(DesiredStateBuilder.build(TestSpecs.seedExample())) + "\n";

        assertMatchesGolden("xray-demo.json", json);
    }

    @Test
    void theSameSpecAlwaysGivesTheSameState() {
        assertThat(DesiredStateBuilder.build(TestSpecs.seedExample()))
                .isEqualTo(DesiredStateBuilder.build(TestSpecs.seedExample()));
    }

    private static void assertMatchesGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(file));
    }
}
