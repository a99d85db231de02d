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
        compare(path, desired, actual, out, false);
    }

    private static void compare(String path, Object desired, Object actual, List<Drift> out, boolean sensitive) {
        if (desired == null || actual == null) {
            return;
        }
        if (desired instanceof Record record && actual.getClass() == desired.getClass()) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                compare(join(path, component.getName()), read(component, desired), read(component, actual), out,
                        sensitive || component.isAnnotationPresent(Sensitive.class));
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
                    out.add(drift(keyPath, w, h, sensitive));
                } else {
                    compare(keyPath, w, h, out, sensitive);
                }
            }
        } else if (desired instanceof Set<?> && actual instanceof Set<?>) {
            if (!desired.equals(actual)) {
                out.add(drift(path, sorted((Set<?>) desired), sorted((Set<?>) actual), sensitive));
            }
        } else if (desired instanceof List<?> wanted && actual instanceof List<?> have
                && wanted.size() == have.size() && !wanted.isEmpty() && wanted.get(0) instanceof Record) {
            for (int i = 0; i < wanted.size(); i++) {
                compare(path + "[" + i + "]", wanted.get(i), have.get(i), out, sensitive);
            }
        } else if (!Objects.equals(desired, actual)) {
            out.add(drift(path, desired, actual, sensitive));
        }
    }

    private static Drift drift(String path, Object desired, Object actual, boolean sensitive) {
        Drift plain = new Drift(path, show(desired, false, sensitive), show(actual, false, sensitive));
        Drift hidden = new Drift(path, show(desired, true, sensitive), show(actual, true, sensitive));
        return hidden.equals(plain) ? plain : new Drift(path, plain.desired(), plain.actual(), hidden);
    }

    /**
     * A value as a drift shows it; with {@code hide}, each value of a sensitive field (or of one inside a record or
     * map shown whole, such as a container only one side has) as its fingerprint, its name kept.
     */
    private static String show(Object value, boolean hide, boolean sensitive) {
        if (value == null) {
            return "(absent)";
        }
        if (!hide) {
            return String.valueOf(value);
        }
        if (value instanceof Record record) {
            StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('[');
            RecordComponent[] components = record.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                Object component = read(components[i], record);
                out.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=').append(component == null
                        ? "null" : show(component, true, sensitive
                        || components[i].isAnnotationPresent(Sensitive.class)));
            }
            return out.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() == 1 ? "" : ", ").append(k).append('=')
                    .append(v == null ? "null" : show(v, true, sensitive)));
            return out.append('}').toString();
        }
        if (value instanceof java.util.Collection<?> items) {
            return items.stream().map(item -> show(item, true, sensitive)).toList().toString();
        }
        return sensitive ? Fingerprint.of(String.valueOf(value)) : String.valueOf(value);
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

}
