package io.tracefleet.diff;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A dotted path into a view record ({@code desiredCount}, {@code containers.web.image}), checked against the view's
 * type when it is made: a record component by name at each step, or, under a {@link Map}, any key. A typo then
 * fails where the path is declared, at class initialisation, instead of silently matching nothing.
 */
public record FieldPath(Class<? extends Record> view, String path) {

    public FieldPath {
        Optional<String> problem = problem(view, path);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("'" + path + "' names no field of " + view.getSimpleName() + ": "
                    + problem.get());
        }
    }

    public static FieldPath of(Class<? extends Record> view, String path) {
        return new FieldPath(view, path);
    }

    /** Why the path names no field of the type, or empty when it does. */
    static Optional<String> problem(Class<?> view, String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("the path is empty");
        }
        Type current = view;
        for (String segment : path.split("\\.", -1)) {
            Class<?> raw = raw(current);
            if (raw != null && raw.isRecord()) {
                RecordComponent component = Arrays.stream(raw.getRecordComponents())
                        .filter(c -> c.getName().equals(segment)).findFirst().orElse(null);
                if (component == null) {
                    return Optional.of(raw.getSimpleName() + " has no component '" + segment + "'");
                }
                current = component.getGenericType();
            } else if (raw != null && Map.class.isAssignableFrom(raw) && !segment.isEmpty()) {
                current = current instanceof ParameterizedType map ? map.getActualTypeArguments()[1] : Object.class;
            } else {
                return Optional.of("'" + segment + "' goes inside " + (raw == null ? current : raw.getSimpleName())
                        + ", which has no fields");
            }
        }
        return Optional.empty();
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        return type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c ? c : null;
    }

    @Override
    public String toString() {
        return path;
    }
}
