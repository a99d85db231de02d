package io.tracefleet.spec;

import io.tracefleet.spec.model.TracedApplication;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Everything loaded from the spec files: the documents, and the errors of files that have no document. */
public record SpecSet(List<SpecDocument> documents, List<SpecError> fileErrors) {

    public SpecSet {
        documents = List.copyOf(documents);
        fileErrors = List.copyOf(fileErrors);
    }

    /** Every error of every file, sorted by file and position. */
    public List<SpecError> errors() {
        List<SpecError> all = new ArrayList<>(fileErrors);
        documents.forEach(d -> all.addAll(d.errors()));
        return all.stream().sorted().toList();
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
