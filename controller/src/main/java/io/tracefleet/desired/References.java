package io.tracefleet.desired;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The resources a set of properties refers to. Reading them off the values means a dependency edge can never be
 * forgotten: if a property holds another resource's ARN, the graph knows.
 */
final class References {
    private References() {
    }

    static Set<LogicalId> in(Object value) {
        Set<LogicalId> found = new LinkedHashSet<>();
        collect(value, found);
        return found;
    }

    private static void collect(Object value, Set<LogicalId> found) {
        if (value instanceof Ref ref) {
            found.add(ref.resource());
        } else if (value instanceof Template template) {
            found.addAll(template.dependencies());
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(v -> collect(v, found));
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, found));
        } else if (value instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    collect(component.getAccessor().invoke(record), found);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
