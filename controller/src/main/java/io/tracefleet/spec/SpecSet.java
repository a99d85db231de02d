package io.tracefleet.spec;

import io.tracefleet.spec.model.TracedApplication;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything loaded from the spec files: the documents, the errors of files that have no document, and a digest of
 * each file's bytes as they were parsed (or of why they could not be read), so that whether a file changed is judged
 * on exactly what was acted on.
 */
public record SpecSet(List<SpecDocument> documents, List<SpecError> fileErrors, Map<Path, String> digests) {

    public SpecSet {
        documents = List.copyOf(documents);
        fileErrors = List.copyOf(fileErrors);
        digests = Collections.unmodifiableMap(new TreeMap<>(digests));
    }

    public SpecSet(List<SpecDocument> documents, List<SpecError> fileErrors) {
        this(documents, fileErrors, Map.of());
    }

    /** Every error of every file, sorted by file and position. */
    public List<SpecError> errors() {
        List<SpecError> all = new ArrayList<>(fileErrors);
        documents.forEach(d -> all.addAll(d.errors()));
        return all.stream().sorted().toList();
    }

    /** Every warning of every document, sorted by file and position. */
    public List<SpecError> warnings() {
        return documents.stream().flatMap(d -> d.warnings().stream()).sorted().toList();
    }

    public boolean isValid() {
        return fileErrors.isEmpty() && documents.stream().allMatch(SpecDocument::isValid);
    }

    public List<TracedApplication> validApplications() {
        return documents.stream().filter(SpecDocument::isValid).map(SpecDocument::application).toList();
    }

    public Stream<SpecDocument> stream() {
        return documents.stream();
    }
}
