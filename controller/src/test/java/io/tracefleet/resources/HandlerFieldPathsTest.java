package io.tracefleet.resources;

import io.tracefleet.diff.FieldPath;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every field path a handler declares resolves against that handler's own view. */
class HandlerFieldPathsTest {

    @Test
    void everyDeclaredPathNamesAFieldOfItsHandlersView() throws IllegalAccessException {
        List<String> checked = new ArrayList<>();
        for (io.tracefleet.desired.ResourceKind kind : io.tracefleet.desired.ResourceKind.values()) {
            ResourceHandlers all = ResourceHandlers.all();
            if (!all.handles(kind)) {
                continue;
            }
            Class<?> handler = all.of(kind).getClass();
            Class<?> view = Arrays.stream(handler.getDeclaredClasses()).filter(c -> c.getSimpleName().equals("View"))
                    .findFirst().orElseThrow(() -> new AssertionError(handler.getSimpleName() + " has no View"));
            for (Field field : handler.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                for (FieldPath path : paths(field.get(null))) {
                    assertThat(path.view()).as(handler.getSimpleName() + "." + field.getName()).isEqualTo(view);
                    checked.add(handler.getSimpleName() + ":" + path);
                }
            }
        }
        assertThat(checked).as("paths declared across the handlers").hasSizeGreaterThan(20)
                .contains("EcsServiceHandler:taskDefinition", "TargetGroupHandler:port");
    }

    private static List<FieldPath> paths(Object value) {
        if (value instanceof FieldPath path) {
            return List.of(path);
        }
        if (value instanceof Collection<?> many) {
            return many.stream().filter(FieldPath.class::isInstance).map(FieldPath.class::cast).toList();
        }
        return List.of();
    }
}
