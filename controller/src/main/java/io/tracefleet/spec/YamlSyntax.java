package io.tracefleet.spec;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.util.List;

/**
 * A YAML syntax error in plain words, at the line where the mistake is. The parser reports where it gave up, which
 * for the common slips is a line or more after them: a key without its colon is noticed at the next line, an
 * unclosed quote or bracket at the end of the file. Its own wording ("expected &lt;block end&gt;") is kept after
 * the explanation, for searching.
 */
final class YamlSyntax {

    /** Where the mistake is, 1-based, and what it is. */
    record Explained(int line, int column, String message) {
    }

    private YamlSyntax() {
    }

    static Explained explain(MarkedYAMLException e, String text) {
        Mark problemMark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
        int line = problemMark == null ? 1 : problemMark.getLine() + 1;
        int column = problemMark == null ? 1 : problemMark.getColumn() + 1;
        Mark context = e.getContextMark();
        String opened = e.getContext() == null ? "" : e.getContext();
        List<String> lines = text.lines().toList();
        String parser = " (YAML: " + problem.strip() + ")";
        if (problem.contains("that cannot start any token") && problem.contains("TAB")) {
            return new Explained(line, column, "a tab character; YAML indents with spaces only" + parser);
        }
        if (problem.startsWith("mapping values are not allowed here") && line <= lines.size()) {
            String here = lines.get(line - 1);
            if (here.substring(0, Math.min(column - 1, here.length())).contains(":")) {
                return new Explained(line, column, "a second ': ' on one line; put a value that contains ': ' in "
                        + "quotes" + parser);
            }
            // A line that is no key of its own: YAML read it as the rest of the value above.
            int previous = previousContentLine(lines, line);
            if (previous > 0 && !lines.get(previous - 1).contains(":") && !isListItem(lines.get(previous - 1))) {
                return new Explained(previous, indentation(lines.get(previous - 1)) + 1, "this line has no ':'; "
                        + "each line of a mapping reads 'key: value'" + parser);
            }
            return new Explained(line, indentation(here) + 1, "this line is indented deeper than the key above it, "
                    + "so YAML reads it as part of that key's value; align it with its siblings" + parser);
        }
        if (context != null && opened.contains("quoted scalar")) {
            return new Explained(context.getLine() + 1, context.getColumn() + 1, "a quote opened here is never "
                    + "closed" + parser);
        }
        if (context != null && (opened.contains("flow sequence") || opened.contains("flow mapping"))) {
            char bracket = opened.contains("sequence") ? '[' : '{';
            return new Explained(context.getLine() + 1, context.getColumn() + 1, "a '" + bracket + "' opened here is "
                    + "not closed with '" + (bracket == '[' ? ']' : '}') + "' on its line" + parser);
        }
        if (problem.startsWith("expected <block end>") || problem.startsWith("could not find expected ':'")) {
            int previous = previousContentLine(lines, line - 1);
            if (previous > 0 && !lines.get(previous - 1).contains(":") && !isListItem(lines.get(previous - 1))) {
                return new Explained(previous, indentation(lines.get(previous - 1)) + 1, "this line has no ':'; "
                        + "each line of a mapping reads 'key: value'" + parser);
            }
            return new Explained(line, column, "this line is indented differently from the lines above it at the "
                    + "same level; YAML nests by indentation" + parser);
        }
        return new Explained(line, column, problem.strip());
    }

    /** The 1-based number of the last line before {@code line} (1-based) with something other than a comment. */
    private static int previousContentLine(List<String> lines, int line) {
        for (int i = line - 1; i >= 1; i--) {
            String content = lines.get(i - 1).strip();
            if (!content.isEmpty() && !content.startsWith("#")) {
                return i;
            }
        }
        return 0;
    }

    private static boolean isListItem(String line) {
        return line.strip().startsWith("- ") || line.strip().equals("-");
    }

    private static int indentation(String line) {
        int spaces = 0;
        while (spaces < line.length() && line.charAt(spaces) == ' ') {
            spaces++;
        }
        return spaces;
    }
}
