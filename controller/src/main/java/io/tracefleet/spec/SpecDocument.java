package io.tracefleet.spec;

import io.tracefleet.spec.model.TracedApplication;

import java.nio.file.Path;
import java.util.List;

/**
 * One document of a spec file as loaded: the application (possibly partial when invalid), its errors and its
 * warnings. Only a document without errors may be applied; warnings never stop it.
 */
public record SpecDocument(Path file, int index, TracedApplication application, List<SpecError> errors,
                           List<SpecError> warnings) {

    public SpecDocument {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public SpecDocument(Path file, int index, TracedApplication application, List<SpecError> errors) {
        this(file, index, application, errors, List.of());
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** The application's name, when the document got far enough to have one. */
    public String name() {
        return application == null || application.metadata() == null ? null : application.metadata().name();
    }
}
