package io.tracefleet.diff;

/**
 * One owned field whose actual value differs from the desired one, e.g. {@code desiredCount: 1 -> 3}.
 *
 * @param hidden for a drift in or containing a {@link Sensitive} field: the same drift with each sensitive value
 *               replaced by its {@link Fingerprint}; null when nothing in it is sensitive
 */
public record Drift(String path, String desired, String actual, Drift hidden) {

    public Drift(String path, String desired, String actual) {
        this(path, desired, actual, null);
    }

    /** This drift as it may be shown where secrets must not be: sensitive values as fingerprints. */
    public Drift withSensitiveValuesHidden() {
        return hidden == null ? this : hidden;
    }

    @Override
    public String toString() {
        return path + ": want " + desired + ", have " + actual;
    }
}
