package io.tracefleet.spec;

import io.tracefleet.spec.model.WireName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spec string with references to other services' outputs, e.g. {@code http://${services.b.endpoint}/x}.
 * References are resolved from observed AWS state at reconcile time; here they are only parsed.
 */
public record StringTemplate(List<Part> parts) {

    private static final Pattern REFERENCE = Pattern.compile("services\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.([a-zA-Z]+)");

    public sealed interface Part permits Literal, Reference {
    }

    public record Literal(String text) implements Part {
    }

    /** {@code ${services.<service>.<attribute>}}. */
    public record Reference(String service, Attribute attribute) implements Part {
        @Override
        public String toString() {
            return "${services." + service + "." + attribute.wire() + "}";
        }
    }

    public enum Attribute implements WireName {
        /** The service's load balancer DNS name. */
        ENDPOINT,
        /** {@code http://<load balancer DNS name>:<listener port>}. */
        URL,
        /** The URI of the service's ECR repository. */
        REPOSITORY
    }

    /** Thrown for a malformed or unknown reference; the message says what is allowed. */
    public static final class SyntaxException extends Exception {
        public SyntaxException(String message) {
            super(message);
        }
    }

    public static StringTemplate parse(String text) throws SyntaxException {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new SyntaxException("'${' is not closed by '}'; write $${ for a literal ${");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(reference(text.substring(i + 2, end)));
                i = end + 1;
            } else {
                literal.append(text.charAt(i));
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new StringTemplate(List.copyOf(parts));
    }

    private static Reference reference(String expression) throws SyntaxException {
        Matcher matcher = REFERENCE.matcher(expression);
        if (!matcher.matches()) {
            throw new SyntaxException("unknown reference '${" + expression + "}'; allowed: "
                    + "${services.<name>.endpoint}, ${services.<name>.url}, ${services.<name>.repository}");
        }
        for (Attribute attribute : Attribute.values()) {
            if (attribute.wire().equals(matcher.group(3))) {
                return new Reference(matcher.group(1), attribute);
            }
        }
        throw new SyntaxException("unknown reference attribute '" + matcher.group(3) + "' in '${" + expression
                + "}'; allowed: endpoint, url, repository");
    }

    public List<Reference> references() {
        return parts.stream().filter(Reference.class::isInstance).map(Reference.class::cast).toList();
    }

    public Optional<String> literalValue() {
        if (parts.isEmpty()) {
            return Optional.of("");
        }
        return parts.size() == 1 && parts.get(0) instanceof Literal literal
                ? Optional.of(literal.text()) : Optional.empty();
    }

    /** The template with each reference replaced by {@code resolver}'s answer. */
    public String render(java.util.function.Function<Reference, String> resolver) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part instanceof Literal literal ? literal.text() : resolver.apply((Reference) part));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return render(Reference::toString);
    }
}
