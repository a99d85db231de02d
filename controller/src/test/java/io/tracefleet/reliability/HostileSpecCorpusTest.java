package io.tracefleet.reliability;

import io.tracefleet.spec.SpecDocument;
import io.tracefleet.spec.SpecError;
import io.tracefleet.spec.SpecLoader;
import io.tracefleet.spec.SpecSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of {@code hostile-specs/} without AWS: loaded as the controller would see it (alone when it replaces
 * the example, next to the example when it is added), it gives exactly its {@code # expect:} errors and nothing
 * of it can be applied. {@code HostileSpecsE2E} feeds them to a running controller.
 */
class HostileSpecCorpusTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "hostile-specs");
    private static final Path EXAMPLE = Path.of("..", "specs", "xray-demo.yaml");
    private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+):(\\d+) (.+?): (.*)$");

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyHostileSpecGivesExactlyItsErrors(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        boolean added = text.contains("\n# mode: add\n");
        assertThat(added || text.contains("\n# mode: replace\n")).as("the file says its mode").isTrue();
        List<Matcher> expected = text.lines().map(EXPECT::matcher).filter(Matcher::matches).toList();
        assertThat(expected).as("the file lists its expected errors").isNotEmpty();

        SpecSet loaded = added ? new SpecLoader().load(EXAMPLE, file) : new SpecLoader().load(file);

        List<SpecError> errors = loaded.errors().stream().filter(e -> e.file().equals(file)).toList();
        assertThat(loaded.documents()).as("applicable documents of the file")
                .filteredOn(document -> document.file().equals(file)).noneMatch(SpecDocument::isValid);
        assertThat(errors).hasSameSizeAs(expected);
        assertThat(errors).as("no error can forge a log line").allSatisfy(error ->
                assertThat(error.format()).doesNotContain("\n", "\r"));
        for (Matcher m : expected) {
            String field = m.group(3).equals("(file)") ? "" : m.group(3);
            assertThat(errors).as("an error %s", m.group()).anySatisfy(error -> {
                assertThat(error.line()).isEqualTo(Integer.parseInt(m.group(1)));
                assertThat(error.column()).isEqualTo(Integer.parseInt(m.group(2)));
                assertThat(error.field()).isEqualTo(field);
                assertThat(error.message()).contains(m.group(4));
            });
        }
    }
}
