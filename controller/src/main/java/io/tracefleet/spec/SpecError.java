package io.tracefleet.spec;

import java.nio.file.Path;

/**
 * One problem in a spec file, precise enough to jump to: {@code specs/app.yaml:12:7: spec.services.a.cpu: …}.
 * The field path is empty for problems of the file as a whole (unreadable, not YAML).
 */
public record SpecError(Path file, int line, int column, String field, String message)
        implements Comparable<SpecError> {

    /**
     * Messages quote the user's values, and they go to logs, terminals and JSON: a newline or an escape sequence in
     * a name must not forge a log line or drive a terminal, so control characters are shown escaped.
     */
    public SpecError {
        field = escapeControls(field);
        message = escapeControls(message);
    }

    private static String escapeControls(String text) {
        if (text == null || text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> escaped.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c)
                        : String.valueOf(c));
            }
        }
        return escaped.toString();
    }

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
