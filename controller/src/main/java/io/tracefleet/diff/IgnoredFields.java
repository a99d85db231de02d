package io.tracefleet.diff;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fields a spec hands to someone else ({@code ignore: [desiredCount, image]}) must not only be left out of the
 * diff: when the resource is written for another reason, they must be written back as AWS has them. Otherwise a
 * new task definition revision for a cpu change would also put back the image CI deployed, and an UpdateService
 * would undo autoscaling. This copies the actual value into the desired view at each ignored path. A path that
 * names no field of the view is refused, not skipped: skipping it would write back what the spec handed away.
 */
public final class IgnoredFields {

    private IgnoredFields() {
    }

    /** The desired view with the actual value at each path (a dotted path of record components and map keys). */
    @SuppressWarnings("unchecked")
    public static <V> V keepActual(V desired, V actual, Collection<String> paths) {
        Object result = desired;
        for (String path : paths) {
            java.util.Optional<String> problem = FieldPath.problem(desired.getClass(), path);
            if (problem.isPresent()) {
                throw new IllegalArgumentException("ignored path '" + path + "' names no field of "
                        + desired.getClass().getSimpleName() + ": " + problem.get());
            }
            result = replace(result, actual, path.split("\\."), 0);
        }
        return (V) result;
    }

    private static Object replace(Object desired, Object actual, String[] path, int depth) {
        if (depth == path.length) {
            return actual == null ? desired : actual;
        }
        if (desired == null || actual == null) {
            return desired;
        }
        String name = path[depth];
        if (desired instanceof Record record && desired.getClass() == actual.getClass()) {
            RecordComponent[] components = record.getClass().getRecordComponents();
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = read(components[i], desired);
                if (components[i].getName().equals(name)) {
                    values[i] = replace(values[i], read(components[i], actual), path, depth + 1);
                }
            }
            return construct(record.getClass(), components, values);
        }
        if (desired instanceof Map<?, ?> wanted && actual instanceof Map<?, ?> have && wanted.containsKey(name)) {
            Map<Object, Object> copy = new LinkedHashMap<>(wanted);
            copy.put(name, replace(wanted.get(name), have.get(name), path, depth + 1));
            return java.util.Collections.unmodifiableMap(copy);
        }
        return desired;
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    private static Object construct(Class<?> type, RecordComponent[] components, Object[] values) {
        try {
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + type.getSimpleName(), e);
        }
    }
}
