package io.tracefleet.spec;

/** A field's path inside a document as users write it: {@code spec.network.ingress[0].port}. */
public record FieldPath(String text) {

    public static final FieldPath ROOT = new FieldPath("");

    public FieldPath field(String name) {
        return new FieldPath(text.isEmpty() ? name : text + "." + name);
    }

    public FieldPath index(int index) {
        return new FieldPath(text + "[" + index + "]");
    }

    /** The parent path, or ROOT. */
    public FieldPath parent() {
        int cut = Math.max(text.lastIndexOf('.'), text.lastIndexOf('['));
        return cut <= 0 ? ROOT : new FieldPath(text.substring(0, cut));
    }

    public boolean isRoot() {
        return text.isEmpty();
    }

    @Override
    public String toString() {
        return text;
    }
}
