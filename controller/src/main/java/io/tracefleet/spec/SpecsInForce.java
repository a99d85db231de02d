package io.tracefleet.spec;

import io.tracefleet.spec.model.TracedApplication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The specs the controller acts on. This is the one piece of memory the controller keeps, and it is about the
 * user's input, never about AWS. Three rules keep a bad reading from destroying anything:
 * <ul>
 *   <li>A file that becomes invalid or unreadable keeps its last valid version in force.</li>
 *   <li>A directory that cannot be read (gone, unreadable, not a directory) changes nothing: every application keeps
 *       the version in force and none is removed. Only a file missing from a directory that was listed is a
 *       removal.</li>
 *   <li>A file must have been read with the same bytes for the settle period before anything its change removes
 *       takes effect: an application gone from a file (deleted, renamed, half-written) is removed only once the
 *       file has stayed that way that long, and an application whose file changed is reported
 *       {@linkplain #settlesAt unsettled} so that its pass holds deletions. A file
 *       written in two steps ({@code cat a > f; cat b >> f}) is then never acted on half-written, as far as
 *       deleting goes; creates and in-place updates need no wait.</li>
 * </ul>
 */
public final class SpecsInForce {
    /** What a file looked like at the last refresh, and since when it has looked like that. */
    private record Seen(String digest, Instant since) {
    }

    private static final String ABSENT = "absent";

    private final Path directory;
    private final Duration settle;
    private final Clock clock;
    private final Function<Path, SpecSet> loader;
    private Map<Path, List<TracedApplication>> inForce = new TreeMap<>();
    private final Map<Path, Seen> seen = new HashMap<>();
    private SpecSet lastLoad = new SpecSet(List.of(), List.of());
    private Set<Path> keptAtLastValid = Set.of();
    /** Applications gone from a file that has not settled since: neither in force nor removed yet. */
    private Map<String, Awaiting> awaiting = new LinkedHashMap<>();
    private SourceProblem sourceProblem;

    private record Awaiting(TracedApplication application, Path file) {
    }

    /** A directory that could not be read, since when, and why. */
    public record SourceProblem(String message, Instant since) {
        public String describe() {
            return "the specs directory cannot be read (" + message + ") since " + since + "; every application "
                    + "keeps the version in force and nothing is removed until it is read again";
        }
    }

    /** Removals take effect at once: for one-shot commands and tests that are not about the settle period. */
    public SpecsInForce(Path directory) {
        this(directory, Duration.ZERO, Clock.systemUTC());
    }

    public SpecsInForce(Path directory, Duration settle, Clock clock) {
        this(directory, settle, clock, new SpecLoader()::load);
    }

    SpecsInForce(Path directory, Duration settle, Clock clock, Function<Path, SpecSet> loader) {
        this.directory = directory;
        this.settle = settle;
        this.clock = clock;
        this.loader = loader;
    }

    /**
     * What changed in one reading of the specs directory.
     *
     * @param removed          applications whose file has been gone (from a directory that was read) for the settle
     *                         period: their resources go as their {@code onDelete} says
     * @param pendingRemoval   applications gone from a file that changed within the settle period: not reconciled,
     *                         and removed only if they are still gone once it has settled
     * @param sourceProblem    why the directory could not be read at all (then nothing else changed), or null
     */
    public record Refresh(List<TracedApplication> applications, List<TracedApplication> removed,
                          List<SpecError> errors, Set<Path> filesKeptAtLastValid, Set<String> pendingRemoval,
                          SourceProblem sourceProblem) {

        public Refresh(List<TracedApplication> applications, List<TracedApplication> removed,
                       List<SpecError> errors, Set<Path> filesKeptAtLastValid) {
            this(applications, removed, errors, filesKeptAtLastValid, Set.of(), null);
        }
    }

    public synchronized Refresh refresh() {
        Instant now = clock.instant();
        Optional<Object> before = identity(directory);
        SpecSet loaded = before.isPresent() ? loader.apply(directory)
                : new SpecSet(List.of(), List.of(SpecLoader.fileError(directory, Files.exists(directory)
                ? "not a directory" : "no such directory")));
        // A directory renamed (or replaced) while it was listed and read looks like one whose files were all
        // deleted: the listing came from the old one, the reads found nothing. Read as it is, every application
        // would wait for removal; unless it is the same directory after the read as before, this reading is none.
        if (before.isPresent() && !before.equals(identity(directory))) {
            loaded = new SpecSet(List.of(), List.of(SpecLoader.fileError(directory,
                    "moved or replaced while it was being read")));
        }
        lastLoad = loaded;
        Optional<SpecError> unreadable = loaded.fileErrors().stream()
                .filter(e -> e.file().equals(directory)).findFirst();
        if (unreadable.isPresent()) {
            if (sourceProblem == null) {
                sourceProblem = new SourceProblem(unreadable.get().message(), now);
            }
            return new Refresh(applications(), List.of(), loaded.errors(), keptAtLastValid, pendingRemoval(),
                    sourceProblem);
        }
        sourceProblem = null;
        observe(loaded.digests(), now);

        Map<Path, List<SpecDocument>> byFile = loaded.documents().stream()
                .collect(Collectors.groupingBy(SpecDocument::file, LinkedHashMap::new, Collectors.toList()));
        Set<Path> brokenFiles = loaded.fileErrors().stream().map(SpecError::file).collect(Collectors.toSet());
        Map<Path, List<TracedApplication>> next = new TreeMap<>();
        Set<Path> kept = new TreeSet<>();
        for (Path file : loaded.digests().keySet()) {
            List<SpecDocument> documents = byFile.getOrDefault(file, List.of());
            boolean valid = !brokenFiles.contains(file) && documents.stream().allMatch(SpecDocument::isValid);
            if (valid) {
                next.put(file, documents.stream().map(SpecDocument::application).toList());
            } else if (inForce.containsKey(file)) {
                next.put(file, inForce.get(file));
                kept.add(file);
            }
        }
        // An application gone from a file that changed within the settle period (the file deleted, renamed, or still
        // being written) is not removed yet: it may be a sync tool's delete-then-write, an editor's save or the first
        // half of a copy. It waits, neither reconciled nor retired, until its file has stayed as it is.
        Set<String> declared = names(next.values());
        Map<String, Awaiting> stillAwaiting = new LinkedHashMap<>();
        List<TracedApplication> removed = new ArrayList<>();
        Map<String, Awaiting> gone = new LinkedHashMap<>(awaiting);
        inForce.forEach((file, applications) -> applications.forEach(a -> gone.put(a.name(), new Awaiting(a, file))));
        for (Awaiting candidate : gone.values()) {
            if (declared.contains(candidate.application().name())) {
                continue;
            }
            if (isSettled(candidate.file(), now)) {
                removed.add(candidate.application());
            } else {
                stillAwaiting.put(candidate.application().name(), candidate);
            }
        }
        inForce = next;
        awaiting = stillAwaiting;
        Set<Path> waitingFiles = awaiting.values().stream().map(Awaiting::file).collect(Collectors.toSet());
        seen.keySet().removeIf(file -> !next.containsKey(file) && !waitingFiles.contains(file)
                && ABSENT.equals(seen.get(file).digest()));
        keptAtLastValid = Set.copyOf(kept);
        return new Refresh(applications(), removed, loaded.errors(), keptAtLastValid, pendingRemoval(), null);
    }

    /** The directory's file key (device and inode here), or empty when it is not a directory that can be read. */
    private static Optional<Object> identity(Path directory) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(directory, BasicFileAttributes.class);
            if (!attributes.isDirectory()) {
                return Optional.empty();
            }
            // A file system without file keys: the real path is the next best sign of the same directory.
            return Optional.of(attributes.fileKey() != null ? attributes.fileKey() : directory.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Records each file's digest; a file in force that was not listed is absent from now on. */
    private void observe(Map<Path, String> digests, Instant now) {
        digests.forEach((file, digest) -> {
            Seen before = seen.get(file);
            if (before == null || !before.digest().equals(digest)) {
                seen.put(file, new Seen(digest, now));
            }
        });
        Set<Path> known = new java.util.HashSet<>(inForce.keySet());
        awaiting.values().forEach(a -> known.add(a.file()));
        for (Path file : known) {
            Seen before = seen.get(file);
            if (!digests.containsKey(file) && (before == null || !ABSENT.equals(before.digest()))) {
                seen.put(file, new Seen(ABSENT, now));
            }
        }
    }

    private boolean isSettled(Path file, Instant now) {
        return settlesAt(file, now).isEmpty();
    }

    /** When the file will have been read unchanged for the settle period, if that is still to come. */
    private Optional<Instant> settlesAt(Path file, Instant now) {
        return Optional.ofNullable(seen.get(file)).map(state -> state.since().plus(settle)).filter(now::isBefore);
    }

    public synchronized List<TracedApplication> applications() {
        return inForce.values().stream().flatMap(List::stream).toList();
    }

    /**
     * When the application's file will have been read unchanged for the settle period, if that is still to come:
     * until then, a pass of that application deletes nothing. Empty when it is settled (or unknown).
     */
    public synchronized Optional<Instant> settlesAt(String application) {
        Instant now = clock.instant();
        return inForce.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(a -> a.name().equals(application)))
                .flatMap(e -> settlesAt(e.getKey(), now).stream())
                .findFirst();
    }

    /** The earliest moment an unsettled file or a removal waiting for one settles, if any: worth a pass then. */
    public synchronized Optional<Instant> nextSettle() {
        Instant now = clock.instant();
        Set<Path> files = new java.util.HashSet<>(inForce.keySet());
        awaiting.values().forEach(a -> files.add(a.file()));
        return files.stream().flatMap(file -> settlesAt(file, now).stream()).min(Instant::compareTo);
    }

    public Duration settle() {
        return settle;
    }

    /** Why the directory could not be read at the last refresh; empty when it was read. */
    public synchronized Optional<SourceProblem> sourceProblem() {
        return Optional.ofNullable(sourceProblem);
    }

    /** Applications gone from a file that changed within the settle period: removed only once it settles. */
    public synchronized Set<String> pendingRemoval() {
        return Set.copyOf(awaiting.keySet());
    }

    /** The documents as last read, valid or not (for {@code GET /specs}). */
    public synchronized SpecSet lastLoad() {
        return lastLoad;
    }

    /**
     * Why the application's spec file is not what is acted on: the file's first error, while its last valid version
     * stays in force; empty when the file as it is now is what the controller applies.
     */
    public synchronized Optional<SpecError> problemOf(String application) {
        return keptAtLastValid.stream()
                .filter(file -> inForce.getOrDefault(file, List.of()).stream()
                        .anyMatch(a -> a.name().equals(application)))
                .findFirst()
                .flatMap(file -> lastLoad.errors().stream().filter(e -> e.file().equals(file)).findFirst());
    }

    /** The applications of a file now invalid whose last valid version is still acted on; empty for any other. */
    public synchronized List<TracedApplication> keptAtLastValid(Path file) {
        return keptAtLastValid.contains(file) ? inForce.getOrDefault(file, List.of()) : List.of();
    }

    public Path directory() {
        return directory;
    }

    private static Set<String> names(java.util.Collection<List<TracedApplication>> applications) {
        return applications.stream().flatMap(List::stream).map(TracedApplication::name).collect(Collectors.toSet());
    }
}
