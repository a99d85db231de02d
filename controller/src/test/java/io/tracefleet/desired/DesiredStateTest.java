package io.tracefleet.desired;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DesiredStateTest {
    private static DesiredResource group(String id, String... dependsOn) {
        return new DesiredResource(ResourceKind.LOG_GROUP, LogicalId.of(id), id, new LogGroupProperties(null),
                OwnershipTags.of("app", LogicalId.of(id)),
                Set.of(java.util.Arrays.stream(dependsOn).map(LogicalId::of).toArray(LogicalId[]::new)));
    }

    @Test
    void dependenciesComeFirstAndOtherwiseDeclarationOrderHolds() {
        DesiredState state = new DesiredState("app", "eu-west-1", List.of(
                group("c", "b"), group("a"), group("b", "a"), group("d")));

        assertThat(state.resources()).extracting(r -> r.id().value()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aCycleIsRefusedWithItsMembers() {
        assertThatThrownBy(() -> new DesiredState("app", "eu-west-1", List.of(group("a", "b"), group("b", "a"),
                group("c"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Dependency cycle among [a, b]");
    }

    @Test
    void anUnknownDependencyOrDuplicateIdIsAProgrammingError() {
        assertThatThrownBy(() -> new DesiredState("app", "r", List.of(group("a", "x"))))
                .hasMessageContaining("a depends on unknown x");
        assertThatThrownBy(() -> new DesiredState("app", "r", List.of(group("a"), group("a"))))
                .hasMessageContaining("Two resources have the logical id a");
    }
}
