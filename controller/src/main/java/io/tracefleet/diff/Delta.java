package io.tracefleet.diff;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The owned fields that differ between a desired and an actual view of a resource (records of the same type).
 * A null desired field is one the spec does not manage. A null actual field means AWS did not say (moto leaves
 * fields out, and so does AWS in some answers): unknown, never drift — otherwise the controller would "fix" it on
 * every cycle forever. Maps compare key by key (a missing or extra key is drift), sets as sets, lists in order.
 */
public record Delta(List<Drift> drifts) {

    public static final Delta NONE = new Delta(List.of());

    public Delta {
        drifts = List.copyOf(drifts);
    }

    public static Delta between(Object desired, Object actual) {
        List<Drift> drifts = new ArrayList<>();
        compare("", desired, actual, drifts);
        return new Delta(drifts);
    }

    public boolean isEmpty() {
        return drifts.isEmpty();
    }

    public List<String> paths() {
        return drifts.stream().map(Drift::path).toList();
    }

    /** Whether a drift is at this field or under it. */
    public boolean touches(FieldPath field) {
        return touches(field.path());
    }

    boolean touches(String pathPrefix) {
        return drifts.stream().anyMatch(d -> d.path().equals(pathPrefix) || d.path().startsWith(pathPrefix + ".")
                || d.path().startsWith(pathPrefix + "["));
    }

    private static void compare(String path, Object desired, Object actual, List<Drift> out) {
        if (desired == null || actual == null) {
            return;
        }
        if (desired instanceof Record record && actual.getClass() == desired.getClass()) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                compare(join(path, component.getName()), read(component, desired), read(component, actual), out);
            }
        } else if (desired instanceof Map<?, ?> wanted && actual instanceof Map<?, ?> have) {
            Set<Object> keys = new TreeSet<>(java.util.Comparator.comparing(String::valueOf));
            keys.addAll(wanted.keySet());
            keys.addAll(have.keySet());
            for (Object key : keys) {
                String keyPath = join(path, String.valueOf(key));
                Object w = wanted.get(key);
                Object h = have.get(key);
                if (w == null || h == null) {
                    out.add(new Drift(keyPath, show(w), show(h)));
                } else {
                    compare(keyPath, w, h, out);
                }
            }
        } else if (desired instanceof Set<?> && actual instanceof Set<?>) {
            if (!desired.equals(actual)) {
                out.add(new Drift(path, show(sorted((Set<?>) desired)), show(sorted((Set<?>) actual))));
            }
        } else if (desired instanceof List<?> wanted && actual instanceof List<?> have
                && wanted.size() == have.size() && !wanted.isEmpty() && wanted.get(0) instanceof Record) {
            for (int i = 0; i < wanted.size(); i++) {
                compare(path + "[" + i + "]", wanted.get(i), have.get(i), out);
            }
        } else if (!Objects.equals(desired, actual)) {
            out.add(new Drift(path, show(desired), show(actual)));
        }
    }

    private static List<String> sorted(Set<?> set) {
        return set.stream().map(String::valueOf).sorted().toList();
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String show(Object value) {
        return value == null ? "(absent)" : String.valueOf(value);
    }
}
