package io.tracefleet.desired;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A string made of literal text and {@link Ref}s, such as an env value holding another service's DNS name. */
public record Template(List<Object> parts) {

    public Template {
        parts = List.copyOf(parts);
        for (Object part : parts) {
            if (!(part instanceof String) && !(part instanceof Ref)) {
                throw new IllegalArgumentException("A template part is text or a Ref, not " + part);
            }
        }
    }

    public static Template literal(String text) {
        return new Template(text.isEmpty() ? List.of() : List.of(text));
    }

    public static Template of(Object... parts) {
        List<Object> merged = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof String text && !merged.isEmpty() && merged.get(merged.size() - 1) instanceof String last) {
                merged.set(merged.size() - 1, last + text);
            } else if (!(part instanceof String text && text.isEmpty())) {
                merged.add(part);
            }
        }
        return new Template(merged);
    }

    public Set<LogicalId> dependencies() {
        return parts.stream().filter(Ref.class::isInstance).map(p -> ((Ref) p).resource())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** The text when it holds no reference. */
    public Optional<String> literalValue() {
        return parts.stream().allMatch(String.class::isInstance)
                ? Optional.of(parts.stream().map(String.class::cast).collect(Collectors.joining()))
                : Optional.empty();
    }

    /** The text with every reference replaced by its observed value. */
    public String resolve(Function<Ref, String> resolver) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            out.append(part instanceof Ref ref ? resolver.apply(ref) : (String) part);
        }
        return out.toString();
    }

    @JsonValue
    @Override
    public String toString() {
        return resolve(Ref::toString);
    }
}
