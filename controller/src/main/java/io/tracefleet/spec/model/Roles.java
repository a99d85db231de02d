package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;
import io.tracefleet.spec.model.NameRule;
import io.tracefleet.spec.model.Named;

public record Roles(
        @Named(NameRule.IAM_ROLE_NAME)
        @Doc("IAM role the tasks run as; it gets X-Ray write access. Default: <application>-task-role.")
        String taskRole,
        @Named(NameRule.IAM_ROLE_NAME)
        @Doc("IAM role ECS uses to pull images and write logs. Default: <application>-execution-role.")
        String executionRole) {
}
