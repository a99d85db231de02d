package io.tracefleet.diff;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldPathTest {
    record Container(String image, Integer cpu) {
    }

    record TaskView(Integer cpu, Map<String, Container> containers, List<String> subnets) {
    }

    @Test
    void aComponentOrAPathThroughAMapKeyResolves() {
        assertThat(FieldPath.of(TaskView.class, "cpu").path()).isEqualTo("cpu");
        assertThat(FieldPath.of(TaskView.class, "containers.web.image")).hasToString("containers.web.image");
        assertThat(FieldPath.of(TaskView.class, "containers.anything")).isNotNull();
    }

    @Test
    void aPathThatNamesNoFieldIsRefusedWhereItIsMade() {
        assertThatThrownBy(() -> FieldPath.of(TaskView.class, "cpus"))
                .hasMessageContaining("'cpus' names no field of TaskView").hasMessageContaining("no component 'cpus'");
        assertThatThrownBy(() -> FieldPath.of(TaskView.class, "containers.web.imag"))
                .hasMessageContaining("Container has no component 'imag'");
        assertThatThrownBy(() -> FieldPath.of(TaskView.class, "cpu.value")).hasMessageContaining("no fields");
        assertThatThrownBy(() -> FieldPath.of(TaskView.class, "")).hasMessageContaining("empty");
    }

    @Test
    void anIgnoredPathThatNamesNoFieldIsAnErrorNotASilentNoOp() {
        TaskView view = new TaskView(256, Map.of(), List.of());
        assertThatThrownBy(() -> IgnoredFields.keepActual(view, view, Set.of("desiredCount")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("desiredCount");
    }

    @Test
    void aDeltaTouchesAFieldAndWhatIsUnderIt() {
        TaskView desired = new TaskView(256, Map.of("web", new Container("web:2", 10)), List.of("a"));
        TaskView actual = new TaskView(256, Map.of("web", new Container("web:1", 10)), List.of("a"));
        Delta delta = Delta.between(desired, actual);
        assertThat(delta.touches(FieldPath.of(TaskView.class, "containers"))).isTrue();
        assertThat(delta.touches(FieldPath.of(TaskView.class, "containers.web.image"))).isTrue();
        assertThat(delta.touches(FieldPath.of(TaskView.class, "cpu"))).isFalse();
    }
}
