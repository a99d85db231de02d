package io.tracefleet.spec;

/** Where something stands in a YAML file; 1-based like every editor. */
public record SourcePosition(int line, int column) {
}
