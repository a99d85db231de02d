package io.tracefleet.spec;

/**
 * How an error quotes a value of the spec: errors reach the log, terminals and the unauthenticated {@code /specs}, and
 * a value may be anything a file held (a pasted secret, another file's content behind a wrong path). So at most
 * {@link #MAX_CHARACTERS} characters of it, control characters escaped, and its length when it was cut.
 */
public final class Excerpt {
    public static final int MAX_CHARACTERS = 20;

    private Excerpt() {
    }

    /** {@code 'value'}, or {@code 'first twenty chara…' (1234 characters)}. */
    public static String of(String value) {
        int length = value.codePointCount(0, value.length());
        if (length <= MAX_CHARACTERS) {
            return "'" + escape(value) + "'";
        }
        String head = value.substring(0, value.offsetByCodePoints(0, MAX_CHARACTERS));
        return "'" + escape(head) + "…' (" + length + " characters)";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
