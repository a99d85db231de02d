package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;
import io.tracefleet.spec.model.Required;

/** One YAML document of {@code specs/*.yaml}: Kubernetes-style envelope around an {@link ApplicationSpec}. */
public record TracedApplication(
        @Required @Doc("Always tracefleet.io/v1alpha1.") String apiVersion,
        @Required @Doc("Always TracedApplication.") String kind,
        @Required Metadata metadata,
        @Required ApplicationSpec spec) {

    public static final String API_VERSION = "tracefleet.io/v1alpha1";
    public static final String KIND = "TracedApplication";

    public String name() {
        return metadata.name();
    }
}
