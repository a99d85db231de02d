package io.tracefleet.spec;

import io.tracefleet.spec.model.TracedApplication;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The specs the controller acts on. A file that becomes invalid keeps its last valid version in force, so a typo
 * never tears anything down; a file that disappears takes its applications out of force (what happens to their
 * resources is then the application's {@code onDelete}). This is the one piece of memory the controller keeps,
 * and it is about the user's input, never about AWS.
 */
public final class SpecsInForce {
    private final Path directory;
    private final SpecLoader loader = new SpecLoader();
    private Map<Path, List<TracedApplication>> inForce = new TreeMap<>();
    private SpecSet lastLoad = new SpecSet(List.of(), List.of());
    private Set<Path> keptAtLastValid = Set.of();

    public SpecsInForce(Path directory) {
        this.directory = directory;
    }

    /** What changed in one reading of the specs directory. */
    public record Refresh(List<TracedApplication> applications, List<TracedApplication> removed,
                          List<SpecError> errors, Set<Path> filesKeptAtLastValid) {
    }

    public synchronized Refresh refresh() {
        SpecSet loaded = loader.load(directory);
        lastLoad = loaded;
        Map<Path, List<SpecDocument>> byFile = loaded.documents().stream()
                .collect(Collectors.groupingBy(SpecDocument::file, LinkedHashMap::new, Collectors.toList()));
        Set<Path> brokenFiles = loaded.fileErrors().stream().map(SpecError::file).collect(Collectors.toSet());
        Map<Path, List<TracedApplication>> next = new TreeMap<>();
        java.util.Set<Path> keptAtLastValid = new java.util.TreeSet<>();
        for (Path file : union(byFile.keySet(), brokenFiles)) {
            List<SpecDocument> documents = byFile.getOrDefault(file, List.of());
            boolean valid = !brokenFiles.contains(file) && documents.stream().allMatch(SpecDocument::isValid);
            if (valid) {
                next.put(file, documents.stream().map(SpecDocument::application).toList());
            } else if (inForce.containsKey(file)) {
                next.put(file, inForce.get(file));
                keptAtLastValid.add(file);
            }
        }
        List<TracedApplication> removed = new ArrayList<>();
        Set<String> stillThere = names(next.values());
        inForce.values().stream().flatMap(List::stream).filter(a -> !stillThere.contains(a.name()))
                .forEach(removed::add);
        inForce = next;
        this.keptAtLastValid = Set.copyOf(keptAtLastValid);
        return new Refresh(applications(), removed, loaded.errors(), keptAtLastValid);
    }

    public synchronized List<TracedApplication> applications() {
        return inForce.values().stream().flatMap(List::stream).toList();
    }

    /** The documents as last read, valid or not (for {@code GET /specs}). */
    public synchronized SpecSet lastLoad() {
        return lastLoad;
    }

    /** The applications of a file now invalid whose last valid version is still acted on; empty for any other. */
    public synchronized List<TracedApplication> keptAtLastValid(Path file) {
        return keptAtLastValid.contains(file) ? inForce.getOrDefault(file, List.of()) : List.of();
    }

    public Path directory() {
        return directory;
    }

    private static Set<String> names(Collection<List<TracedApplication>> applications) {
        return applications.stream().flatMap(List::stream).map(TracedApplication::name).collect(Collectors.toSet());
    }

    private static Set<Path> union(Set<Path> a, Set<Path> b) {
        Set<Path> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
