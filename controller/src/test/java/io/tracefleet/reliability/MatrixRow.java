package io.tracefleet.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;

/**
 * The figures of one scenario run, as one line of the summary table that the run prints and appends to
 * {@code target/fault-matrix.md}.
 *
 * @param passesUnderFaults passes completed when the faults were removed
 * @param passesToConverge  passes completed when the first pass reported everything synced (whoever ran them: the
 *                          start-up pass, the loop's early retries and the test's own)
 * @param calls             HTTP calls the proxy saw, retries included
 * @param injected          calls the proxy answered with a fault (or delayed) instead of AWS
 * @param retries           the SDK's retries: attempts minus calls, from the controller's own call log
 * @param registrations     RegisterTaskDefinition calls AWS accepted, against the task definition families
 * @param repeatedCreates   creates AWS accepted beyond one per desired resource (and wipe): a create made again
 *                          because a lagging read hid the first; what it made twice must be gone by the end
 */
record MatrixRow(String spec, String fault, long passesUnderFaults, long passesToConverge, long calls, long injected,
                 long retries, long registrations, int families, long repeatedCreates, int duplicates, int leaks,
                 int lookalikesTouched, double seconds) {
    static final Path FILE = Path.of("target", "fault-matrix.md");

    static String header() {
        return "| spec | fault | passes under faults | passes to converge | calls | injected faults | SDK retries "
                + "| task definitions registered / families | repeated creates | duplicates | leaks "
                + "| look-alikes touched | seconds |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";
    }

    String line() {
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %d / %d | %d | %d | %d | %d | %.1f |",
                spec, fault, passesUnderFaults, passesToConverge, calls, injected, retries, registrations, families,
                repeatedCreates, duplicates, leaks, lookalikesTouched, seconds);
    }

    /** Starts a table in the file for this run. */
    static void startTable(String title) {
        append("\n### " + title + " (" + Instant.now() + ")\n\n" + header() + "\n");
    }

    static void append(String text) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
