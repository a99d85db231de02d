package io.tracefleet.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quickstart's commands as README.md gives them: the main job of its first screen (build, then run), the drift
 * command of the paragraph after it, and the token walkthrough under "## Commands". Read from the README itself, so
 * that an edit there that breaks the quickstart breaks {@link QuickstartE2E}.
 *
 * @param build       the main job's build, before its {@code &&}
 * @param server      the main job's run command, after it
 * @param drift       the AWS CLI command the first screen makes drift with
 * @param walkthrough the token walkthrough's lines, comments and all, as a shell reads them
 */
record ReadmeQuickstart(String build, String server, String drift, List<String> walkthrough) {
    private static final Pattern FENCED = Pattern.compile("(?ms)^```[a-z]*\\n(.*?)^```$");
    private static final Pattern DRIFT = Pattern.compile("`(aws ecs update-service [^`]+)`");

    static ReadmeQuickstart read(Path readme) throws IOException {
        String text = Files.readString(readme);
        // The first screen: everything before the first heading under the title.
        String firstScreen = text.substring(0, text.indexOf("\n##"));
        List<String> mainJob = fencedLines(firstScreen).stream()
                .filter(line -> line.contains("java -jar") && line.contains(" server ")).toList();
        if (mainJob.size() != 1) {
            throw new IllegalStateException("README's first screen should show one main job running the server, "
                    + "found " + mainJob);
        }
        String[] buildThenRun = mainJob.get(0).split("&&");
        if (buildThenRun.length != 2) {
            throw new IllegalStateException("README's main job should be 'build && run': " + mainJob.get(0));
        }
        Matcher drift = DRIFT.matcher(firstScreen);
        if (!drift.find()) {
            throw new IllegalStateException("README's first screen shows no `aws ecs update-service …` to make drift");
        }
        int commands = text.indexOf("\n## Commands\n");
        int next = text.indexOf("\n## ", commands + 1);
        String commandsSection = text.substring(commands, next < 0 ? text.length() : next);
        List<String> walkthrough = FENCED.matcher(commandsSection).results().map(m -> m.group(1))
                .filter(block -> block.contains("export TRACEFLEET_API_TOKEN="))
                .findFirst().map(block -> block.lines().toList())
                .orElseThrow(() -> new IllegalStateException("README's Commands section has no token walkthrough"));
        return new ReadmeQuickstart(buildThenRun[0].strip(), buildThenRun[1].strip(), drift.group(1), walkthrough);
    }

    /** The one walkthrough line containing {@code text}. */
    String walkthroughLine(String text) {
        List<String> lines = walkthrough.stream().filter(line -> line.contains(text)).toList();
        if (lines.size() != 1) {
            throw new IllegalStateException("the token walkthrough should have one line with '" + text + "', found "
                    + lines);
        }
        return lines.get(0);
    }

    private static List<String> fencedLines(String markdown) {
        List<String> lines = new ArrayList<>();
        FENCED.matcher(markdown).results().forEach(m -> m.group(1).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(lines::add));
        return lines;
    }
}
