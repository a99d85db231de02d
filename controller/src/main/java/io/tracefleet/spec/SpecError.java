package io.tracefleet.spec;

import java.nio.file.Path;

/**
 * One problem in a spec file, precise enough to jump to: {@code specs/app.yaml:12:7: spec.services.a.cpu: …}.
 * The field path is empty for problems of the file as a whole (unreadable, not YAML).
 */
public record SpecError(Path file, int line, int column, String field, String message)
        implements Comparable<SpecError> {

    public String format() {
        String where = file + ":" + line + ":" + column + ": ";
        return field.isEmpty() ? where + message : where + field + ": " + message;
    }

    @Override
    public int compareTo(SpecError other) {
        int byFile = file.toString().compareTo(other.file.toString());
        if (byFile != 0) {
            return byFile;
        }
        return line != other.line ? Integer.compare(line, other.line) : Integer.compare(column, other.column);
    }

    @Override
    public String toString() {
        return format();
    }
}
