package io.tracefleet.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of {@code controller/Dockerfile}'s final stage that decide how the controller runs: the exec-form
 * ENTRYPOINT, CMD and HEALTHCHECK, the ENV, the EXPOSEd ports and where COPY puts files. Only the forms the
 * Dockerfile uses are understood; anything else fails loudly rather than being guessed.
 */
record Dockerfile(List<String> entrypoint, List<String> cmd, List<String> healthcheck, Map<String, String> env,
                  List<Integer> exposed, Map<String, String> copiedFrom, String user) {

    static final Path PATH = Path.of("Dockerfile");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");
    private static final Pattern HEALTHCHECK_CMD = Pattern.compile("HEALTHCHECK\\s.*?\\bCMD\\s+(\\[.*])");

    static Dockerfile read() {
        try {
            return parse(Files.readString(PATH));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dockerfile parse(String text) {
        List<String> instructions = finalStage(joinContinuations(text));
        List<String> entrypoint = null;
        List<String> cmd = null;
        List<String> healthcheck = null;
        Map<String, String> env = new LinkedHashMap<>();
        List<Integer> exposed = new ArrayList<>();
        Map<String, String> copiedFrom = new LinkedHashMap<>();
        String user = null;
        for (String line : instructions) {
            String keyword = line.split("\\s+", 2)[0].toUpperCase();
            String rest = line.substring(keyword.length()).trim();
            switch (keyword) {
                case "ENTRYPOINT" -> entrypoint = execForm(rest);
                case "CMD" -> cmd = execForm(rest);
                case "HEALTHCHECK" -> healthcheck = healthcheckCommand(line);
                case "ENV" -> env.putAll(envPairs(rest));
                case "EXPOSE" -> List.of(rest.split("\\s+")).forEach(p -> exposed.add(Integer.parseInt(p)));
                case "COPY" -> copy(rest, copiedFrom);
                case "USER" -> user = rest;
                default -> { }
            }
        }
        if (entrypoint == null || cmd == null || healthcheck == null) {
            throw new IllegalStateException("the final stage needs an exec-form ENTRYPOINT, CMD and HEALTHCHECK");
        }
        return new Dockerfile(entrypoint, cmd, healthcheck, env, exposed, copiedFrom, user);
    }

    /** The command line the container runs: ENTRYPOINT followed by CMD. */
    List<String> commandLine() {
        List<String> all = new ArrayList<>(entrypoint);
        all.addAll(cmd);
        return all;
    }

    private static List<String> joinContinuations(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                lines.add(current.append(line).toString().strip());
                current.setLength(0);
            }
        }
        return lines;
    }

    private static List<String> finalStage(List<String> instructions) {
        int from = -1;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).toUpperCase().startsWith("FROM ")) {
                from = i;
            }
        }
        return instructions.subList(from + 1, instructions.size());
    }

    private static List<String> execForm(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("not an exec-form (JSON array) instruction: " + json, e);
        }
    }

    private static List<String> healthcheckCommand(String line) {
        Matcher m = HEALTHCHECK_CMD.matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("HEALTHCHECK without an exec-form CMD: " + line);
        }
        return execForm(m.group(1));
    }

    private static Map<String, String> envPairs(String rest) {
        Map<String, String> pairs = new LinkedHashMap<>();
        Matcher m = ENV_PAIR.matcher(rest);
        while (m.find()) {
            String value = m.group(2);
            pairs.put(m.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
        }
        return pairs;
    }

    /** Destination in the image to source: a path in the repository, or in the build stage's /src. */
    private static void copy(String rest, Map<String, String> copiedFrom) {
        List<String> words = new ArrayList<>(List.of(rest.split("\\s+")));
        words.removeIf(w -> w.startsWith("--"));
        if (words.size() != 2) {
            throw new IllegalStateException("COPY with one source and one destination expected: " + rest);
        }
        String source = words.get(0).startsWith("/src/") ? words.get(0).substring("/src/".length()) : words.get(0);
        copiedFrom.put(words.get(1), source);
    }
}
