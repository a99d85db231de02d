package io.tracefleet.diff;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IgnoredFieldsTest {
    record Container(String image, Integer cpu) {
    }

    record TaskView(Integer cpu, Map<String, Container> containers) {
    }

    record ServiceView(String taskDefinition, Integer desiredCount, List<String> subnets) {
    }

    @Test
    void anIgnoredTopLevelFieldTakesTheActualValue() {
        ServiceView desired = new ServiceView("td:2", 1, List.of("a"));
        ServiceView actual = new ServiceView("td:1", 7, List.of("a"));

        assertThat(IgnoredFields.keepActual(desired, actual, Set.of("desiredCount")))
                .isEqualTo(new ServiceView("td:2", 7, List.of("a")));
    }

    @Test
    void aPathThroughAMapKeyReplacesOnlyThatField() {
        TaskView desired = new TaskView(512, Map.of("web", new Container("web:latest", 10),
                "xray-daemon", new Container("amazon/aws-xray-daemon", 32)));
        TaskView actual = new TaskView(256, Map.of("web", new Container("web:sha-1234", 10),
                "xray-daemon", new Container("amazon/aws-xray-daemon", 32)));

        TaskView effective = IgnoredFields.keepActual(desired, actual, Set.of("containers.web.image"));

        assertThat(effective.cpu()).isEqualTo(512);
        assertThat(effective.containers().get("web")).isEqualTo(new Container("web:sha-1234", 10));
        assertThat(effective.containers().get("xray-daemon").image()).isEqualTo("amazon/aws-xray-daemon");
        assertThat(Delta.between(effective, actual).paths()).containsExactly("cpu");
    }

    @Test
    void whatAwsDidNotReportOrDoesNotHaveKeepsTheDesiredValue() {
        ServiceView desired = new ServiceView("td:2", 1, List.of("a"));

        assertThat(IgnoredFields.keepActual(desired, new ServiceView("td:1", null, List.of()), Set.of("desiredCount")))
                .isEqualTo(desired);
        TaskView task = new TaskView(512, Map.of("web", new Container("web:1", 10)));
        assertThat(IgnoredFields.keepActual(task, new TaskView(512, Map.of()), Set.of("containers.web.image")))
                .isEqualTo(task);
    }
}
