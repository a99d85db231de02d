package io.tracefleet.spec;

import io.tracefleet.spec.model.TracedApplication;

import java.nio.file.Path;
import java.util.List;

/**
 * One document of a spec file as loaded: the application (possibly partial when invalid) and its errors.
 * Only a document without errors may be applied.
 */
public record SpecDocument(Path file, int index, TracedApplication application, List<SpecError> errors) {

    public SpecDocument {
        errors = List.copyOf(errors);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** The application's name, when the document got far enough to have one. */
    public String name() {
        return application == null || application.metadata() == null ? null : application.metadata().name();
    }
}
