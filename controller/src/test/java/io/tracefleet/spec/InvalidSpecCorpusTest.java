package io.tracefleet.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each file of {@code invalid-specs/} breaks one rule and lists, in {@code # expect: line:column field: message}
 * comments, exactly the errors it must produce: no fewer, no more, each at its position.
 */
class InvalidSpecCorpusTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "invalid-specs");
    private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+):(\\d+) (\\S+): (.*)$");

    record Expectation(int line, int column, String field, String message) {
    }

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theCorpusIsLargeEnough() throws IOException {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyInvalidSpecGivesExactlyItsExpectedErrors(Path file) throws IOException {
        List<Expectation> expected = expectations(file);
        assertThat(expected).as("a corpus file lists its expected errors").isNotEmpty();

        SpecSet specs = new SpecLoader().load(file);

        assertThat(specs.isValid()).isFalse();
        assertThat(specs.validApplications()).as("nothing from an invalid document may be applied").isEmpty();
        List<SpecError> errors = specs.errors();
        assertThat(errors).extracting(SpecError::file).containsOnly(file);
        assertThat(errors).hasSameSizeAs(expected);
        for (Expectation expectation : expected) {
            String field = expectation.field().equals("(file)") ? "" : expectation.field();
            assertThat(errors).as("an error %s", expectation).anySatisfy(error -> {
                assertThat(error.line()).isEqualTo(expectation.line());
                assertThat(error.column()).isEqualTo(expectation.column());
                assertThat(error.field()).isEqualTo(field);
                assertThat(error.message()).contains(expectation.message());
                assertThat(error.format()).startsWith(file + ":" + expectation.line() + ":" + expectation.column()
                        + ": ");
            });
        }
    }

    private static List<Expectation> expectations(Path file) throws IOException {
        List<Expectation> expectations = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = EXPECT.matcher(line);
            if (m.matches()) {
                expectations.add(new Expectation(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        m.group(3), m.group(4)));
            }
        }
        return expectations;
    }
}
