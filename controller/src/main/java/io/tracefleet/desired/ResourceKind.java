package io.tracefleet.desired;

import com.fasterxml.jackson.annotation.JsonValue;

/** The AWS resource kinds Tracefleet manages; each has one class in {@code resources/} that owns its lifecycle. */
public enum ResourceKind {
    ECS_CLUSTER("ecs-cluster"),
    IAM_ROLE("iam-role"),
    SECURITY_GROUP("security-group"),
    LOAD_BALANCER("load-balancer"),
    TARGET_GROUP("target-group"),
    LISTENER("listener"),
    LISTENER_RULE("listener-rule"),
    LOG_GROUP("log-group"),
    ECR_REPOSITORY("ecr-repository"),
    TASK_DEFINITION("task-definition"),
    ECS_SERVICE("ecs-service");

    private final String label;

    ResourceKind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
