package io.tracefleet.diff;

/** One owned field whose actual value differs from the desired one, e.g. {@code desiredCount: 1 -> 3}. */
public record Drift(String path, String desired, String actual) {

    @Override
    public String toString() {
        return path + ": want " + desired + ", have " + actual;
    }
}
