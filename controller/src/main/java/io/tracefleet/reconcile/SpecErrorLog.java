package io.tracefleet.reconcile;

import io.tracefleet.spec.SpecError;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a pass logs about invalid specs. Every pass re-reads every file, and hundreds of files claiming the same names
 * give thousands of errors a pass, most of them the same message about another file, and the same as last pass. So:
 * identical errors (same field and message) are one line with a count, an error already logged at the last pass is
 * not logged again, at most {@link #MAX_LINES} lines a pass, and one summary line whenever there are errors.
 * {@code GET /specs} and {@code tracefleet validate} list every error.
 */
final class SpecErrorLog {
    static final int MAX_LINES = 20;

    private Set<String> loggedLastPass = Set.of();
    private Set<Path> keptLastPass = Set.of();

    /** The lines to log for this pass's errors and files kept at their last valid version. */
    synchronized List<String> lines(List<SpecError> errors, List<Path> keptAtLastValid) {
        Map<String, List<SpecError>> identical = new LinkedHashMap<>();
        for (SpecError error : errors) {
            identical.computeIfAbsent(error.field() + ": " + error.message(), k -> new ArrayList<>()).add(error);
        }
        List<String> lines = new ArrayList<>();
        Set<String> now = new HashSet<>(identical.keySet());
        int fresh = 0;
        for (Map.Entry<String, List<SpecError>> group : identical.entrySet()) {
            if (loggedLastPass.contains(group.getKey())) {
                continue;
            }
            fresh++;
            if (lines.size() < MAX_LINES) {
                List<SpecError> all = group.getValue();
                lines.add("invalid spec, not applied: " + all.get(0).format() + (all.size() == 1 ? ""
                        : " (the same error " + (all.size() - 1) + " more time(s), in other files or documents)"));
            }
        }
        int newKept = 0;
        for (Path file : keptAtLastValid) {
            if (!keptLastPass.contains(file)) {
                newKept++;
                if (lines.size() < MAX_LINES) {
                    lines.add(file + " is invalid; its last valid version stays in force");
                }
            }
        }
        int notShown = fresh + newKept - lines.size();
        if (notShown > 0) {
            lines.add("… and " + notShown + " more new spec problem(s) not logged");
        }
        if (!errors.isEmpty()) {
            long files = errors.stream().map(SpecError::file).distinct().count();
            lines.add(String.format(java.util.Locale.ROOT, "specs: %d error(s) in %d file(s), %d distinct, %d new "
                    + "since the last pass; GET /specs or `tracefleet validate` lists them", errors.size(), files,
                    identical.size(), fresh));
        }
        loggedLastPass = now;
        keptLastPass = Set.copyOf(keptAtLastValid);
        return lines;
    }
}
