package io.tracefleet.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tracefleet.desired.PolicyDocument;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * IAM policy documents in one canonical, comparable text. IAM answers with the JSON URL-encoded, and a document
 * means the same whether a one-element array is written as a plain string or not, and whatever the order of its
 * statements, actions, resources or principals; both sides go through here so only a change of meaning is drift.
 */
final class PolicyJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Statement keys whose values are unordered sets of strings that may be written as one string. */
    private static final Set<String> STRING_SETS = Set.of("Action", "NotAction", "Resource", "NotResource");
    private static final Set<String> PRINCIPALS = Set.of("Principal", "NotPrincipal");

    private PolicyJson() {
    }

    /** The document as IAM's APIs take it. */
    static String toJson(PolicyDocument document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write policy document " + document, e);
        }
    }

    static String canonical(PolicyDocument document) {
        return canonical(toJson(document));
    }

    /** The canonical text of a document as written, or as IAM returned it (URL-encoded or not). */
    static String canonical(String document) {
        try {
            JsonNode root = JSON.readTree(decoded(document));
            return JSON.writeValueAsString(canonicalDocument(root));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a policy document: " + document, e);
        }
    }

    /**
     * IAM URL-encodes documents in its answers (RFC 3986); some emulators and older answers do not. A JSON
     * document always starts with '{', which encoded is "%7B", so the first character tells them apart, and raw
     * JSON holding a literal '+' or '%' is never decoded by mistake.
     */
    static String decoded(String document) {
        String trimmed = document.strip();
        return trimmed.startsWith("{") ? trimmed : URLDecoder.decode(trimmed, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> canonicalDocument(JsonNode root) {
        Map<String, Object> out = new TreeMap<>();
        root.fields().forEachRemaining(field -> out.put(field.getKey(), field.getKey().equals("Statement")
                ? canonicalStatements(field.getValue()) : plain(field.getValue())));
        return out;
    }

    private static List<Object> canonicalStatements(JsonNode statements) {
        List<Object> out = new ArrayList<>();
        for (JsonNode statement : asArray(statements)) {
            out.add(canonicalStatement(statement));
        }
        // Statements are evaluated as a set: their order carries no meaning.
        out.sort(Comparator.comparing(PolicyJson::text));
        return out;
    }

    private static Object canonicalStatement(JsonNode statement) {
        if (!statement.isObject()) {
            return plain(statement);
        }
        Map<String, Object> out = new TreeMap<>();
        statement.fields().forEachRemaining(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (STRING_SETS.contains(key)) {
                out.put(key, stringSet(value));
            } else if (PRINCIPALS.contains(key)) {
                out.put(key, principal(value));
            } else if (key.equals("Condition")) {
                out.put(key, condition(value));
            } else {
                out.put(key, plain(value));
            }
        });
        return out;
    }

    /** "*" (anyone) stays as it is; otherwise each kind of principal (Service, AWS, Federated) is a set. */
    private static Object principal(JsonNode principal) {
        if (!principal.isObject()) {
            return plain(principal);
        }
        Map<String, Object> out = new TreeMap<>();
        principal.fields().forEachRemaining(field -> out.put(field.getKey(), stringSet(field.getValue())));
        return out;
    }

    /** Operator → condition key → values; the values are a set that may be written as one string. */
    private static Object condition(JsonNode condition) {
        if (!condition.isObject()) {
            return plain(condition);
        }
        Map<String, Object> out = new TreeMap<>();
        condition.fields().forEachRemaining(operator -> {
            if (!operator.getValue().isObject()) {
                out.put(operator.getKey(), plain(operator.getValue()));
                return;
            }
            Map<String, Object> keys = new TreeMap<>();
            operator.getValue().fields().forEachRemaining(k -> keys.put(k.getKey(), stringSet(k.getValue())));
            out.put(operator.getKey(), keys);
        });
        return out;
    }

    private static List<String> stringSet(JsonNode value) {
        Set<String> values = new TreeSet<>();
        for (JsonNode element : asArray(value)) {
            values.add(element.isTextual() ? element.textValue() : element.toString());
        }
        return List.copyOf(values);
    }

    private static Iterable<JsonNode> asArray(JsonNode value) {
        return value.isArray() ? value::elements : () -> List.of(value).iterator();
    }

    /** Any other value, with object keys in order so equal documents print equal. */
    private static Object plain(JsonNode value) {
        if (value.isObject()) {
            Map<String, Object> out = new TreeMap<>();
            value.fields().forEachRemaining(field -> out.put(field.getKey(), plain(field.getValue())));
            return out;
        }
        if (value.isArray()) {
            List<Object> out = new ArrayList<>();
            for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
                out.add(plain(it.next()));
            }
            return out;
        }
        return JSON.convertValue(value, Object.class);
    }

    private static String text(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
