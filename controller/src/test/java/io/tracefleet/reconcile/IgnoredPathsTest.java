package io.tracefleet.reconcile;

import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.diff.FieldPath;
import io.tracefleet.resources.EcsServiceHandler;
import io.tracefleet.resources.TaskDefinitionHandler;
import io.tracefleet.spec.TestSpecs;
import io.tracefleet.spec.model.TracedApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code ignore: [desiredCount, image]} hands away names real fields of the views the handlers diff. */
class IgnoredPathsTest {
    @TempDir
    Path dir;

    @Test
    void theIgnoredFieldsOfAServiceResolveInTheServiceAndTaskDefinitionViews() {
        TracedApplication app = TestSpecs.valid(dir, TestSpecs.minimal(
                "web:\n  image: nginx:1\n  port: 80\n  ignore: [desiredCount, image]\n"));
        ReconcileOptions options = ReconcileOptions.of(app);

        var service = options.ignoredFor(DesiredStateBuilder.serviceResource("web", "service"));
        var task = options.ignoredFor(DesiredStateBuilder.serviceResource("web", "task-definition"));

        assertThat(service).containsExactly("desiredCount");
        assertThat(task).containsExactly("containers.web.image");
        service.forEach(path -> FieldPath.of(EcsServiceHandler.View.class, path));
        task.forEach(path -> FieldPath.of(TaskDefinitionHandler.View.class, path));
    }
}
