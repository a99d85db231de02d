package io.tracefleet.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The positions of one document's fields and the problems found in it. Later checks ask {@link #failed} so
 * that a field that could not be read does not also produce follow-on complaints about what it implies.
 */
public final class SpecProblems {
    private final Path file;
    private final Map<String, SourcePosition> valuePositions = new HashMap<>();
    private final Map<String, SourcePosition> keyPositions = new HashMap<>();
    private final Set<String> failedPaths = new HashSet<>();
    private final List<SpecError> errors = new ArrayList<>();
    private final List<SpecError> warnings = new ArrayList<>();

    public SpecProblems(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    void recordValue(FieldPath path, SourcePosition position) {
        valuePositions.putIfAbsent(path.text(), position);
    }

    void recordKey(FieldPath path, SourcePosition position) {
        keyPositions.putIfAbsent(path.text(), position);
    }

    /** The value's position; for an absent field, the key of the nearest enclosing field that is present. */
    public SourcePosition positionOf(FieldPath path) {
        SourcePosition own = valuePositions.get(path.text());
        if (own != null) {
            return own;
        }
        for (FieldPath p = path.parent(); ; p = p.parent()) {
            SourcePosition at = keyPositions.getOrDefault(p.text(), valuePositions.get(p.text()));
            if (at != null) {
                return at;
            }
            if (p.isRoot()) {
                return new SourcePosition(1, 1);
            }
        }
    }

    /** The key's position when the field is present, else like {@link #positionOf}. */
    public SourcePosition keyPositionOf(FieldPath path) {
        SourcePosition at = keyPositions.get(path.text());
        return at != null ? at : positionOf(path);
    }

    public boolean has(FieldPath path) {
        return valuePositions.containsKey(path.text());
    }

    public void error(FieldPath path, String message) {
        at(positionOf(path), path, message);
    }

    public void errorAtKey(FieldPath path, String message) {
        at(keyPositionOf(path), path, message);
    }

    void at(SourcePosition position, FieldPath path, String message) {
        failedPaths.add(path.text());
        errors.add(new SpecError(file, position.line(), position.column(), path.text(), message));
    }

    /** Something that works today but needs a change soon: reported with its position, never blocks applying. */
    public void warn(FieldPath path, String message) {
        SourcePosition position = keyPositionOf(path);
        warnings.add(new SpecError(file, position.line(), position.column(), path.text(), message));
    }

    public List<SpecError> warnings() {
        return List.copyOf(warnings);
    }

    /** True when the field, or a field inside it, was reported: its value is missing or partial. */
    public boolean failed(FieldPath path) {
        String prefix = path.text();
        for (String failed : failedPaths) {
            if (failed.equals(prefix) || failed.startsWith(prefix + ".") || failed.startsWith(prefix + "[")) {
                return true;
            }
        }
        return false;
    }

    public List<SpecError> errors() {
        return List.copyOf(errors);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }
}
