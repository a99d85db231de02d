package io.tracefleet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    @Test
    void replacesOnlyWhatLiesBetweenTheMarkers() throws IOException {
        Path report = dir.resolve("performance.md");
        Files.writeString(report, "# Performance\n\nprose before\n\n" + Report.BEGIN + "\nold table\n" + Report.END
                + "\n\nprose after\n");

        Report.intoReport(report, "new table\n");

        assertThat(Files.readString(report)).isEqualTo("# Performance\n\nprose before\n\n" + Report.BEGIN
                + "\nnew table\n" + Report.END + "\n\nprose after\n");
    }

    @Test
    void aReportWithoutTheMarkersIsLeftAloneAndNamed() throws IOException {
        Path report = dir.resolve("performance.md");
        Files.writeString(report, "# Performance\n\n" + Report.END + "\n" + Report.BEGIN + "\n");

        assertThatThrownBy(() -> Report.intoReport(report, "new table\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(report.toString()).hasMessageContaining(Report.BEGIN);
        assertThat(Files.readString(report)).isEqualTo("# Performance\n\n" + Report.END + "\n" + Report.BEGIN + "\n");
    }

    @Test
    void theSummaryLinksTheResultsFromTheReportsDirectory() {
        Path results = dir.resolve("bench").resolve("results").resolve("2026-12-01.md");
        Path report = dir.resolve("docs").resolve("performance.md");

        String summary = Report.summary(List.of(), Duration.ofSeconds(115), results, report);

        Matcher link = Pattern.compile("\\]\\(([^)]+)\\)").matcher(summary);
        assertThat(link.find()).as("a Markdown link in %s", summary).isTrue();
        assertThat(link.group(1)).isEqualTo("../bench/results/2026-12-01.md");
        assertThat(report.getParent().resolve(link.group(1)).normalize()).isEqualTo(results);
    }

    @Test
    void thePerformancePageHasTheMarkersAndItsTableLinksAResultsFileThatExists() throws IOException {
        // Run from bench/, as the bench itself is.
        String text = Files.readString(Bench.REPORT);
        int begin = text.indexOf(Report.BEGIN);
        int end = text.indexOf(Report.END);
        assertThat(begin).as("%s in %s", Report.BEGIN, Bench.REPORT).isNotNegative();
        assertThat(end).as("%s after %s in %s", Report.END, Report.BEGIN, Bench.REPORT).isGreaterThan(begin);
        assertThat(text.indexOf(Report.BEGIN, begin + 1)).as("a second %s", Report.BEGIN).isNegative();

        Matcher link = Pattern.compile("\\]\\(([^)]+)\\)").matcher(text.substring(begin, end));
        assertThat(link.find()).as("a link to the run's details in the table's part").isTrue();
        assertThat(Bench.REPORT.getParent().resolve(link.group(1))).exists();
    }
}
