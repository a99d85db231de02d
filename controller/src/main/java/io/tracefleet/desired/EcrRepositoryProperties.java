package io.tracefleet.desired;

import java.util.List;

/** An ECR repository; Tracefleet ensures it exists and never deletes images in it. */
public record EcrRepositoryProperties() implements ResourceProperties {
    @Override
    public List<String> describe() {
        return List.of();
    }
}
