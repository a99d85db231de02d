package io.tracefleet.spec;

import io.tracefleet.spec.model.WireName;
import io.tracefleet.spec.model.Range;
import io.tracefleet.spec.model.Required;
import io.tracefleet.spec.model.Named;
import io.tracefleet.spec.model.NameRule;
import io.tracefleet.spec.model.Doc;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a YAML node tree into the spec's records, reporting every problem (unknown or missing fields, wrong
 * types, values out of range) with its position instead of stopping at the first. The records are the single
 * description of the format: this binder and {@link SchemaGenerator} both derive from them.
 */
public final class RecordBinder {
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on", "y");

    private final SpecProblems problems;

    public RecordBinder(SpecProblems problems) {
        this.problems = problems;
    }

    /** The bound record; fields with problems are null, and every problem is in {@link SpecProblems}. */
    public <T extends Record> T bind(Node root, Class<T> type) {
        record(root, FieldPath.ROOT);
        return type.cast(bindValue(root, annotatedTypeOf(type), null, FieldPath.ROOT));
    }

    private Object bindValue(Node node, AnnotatedType type, AnnotatedElement constraints, FieldPath path) {
        if (isNull(node)) {
            return null;
        }
        Class<?> raw = rawClass(type);
        if (raw == String.class) {
            return bindString(node, constraints, type, path);
        }
        if (raw == Integer.class) {
            return bindInteger(node, constraints, path);
        }
        if (raw == Boolean.class) {
            return bindBoolean(node, path);
        }
        if (raw.isEnum()) {
            return bindEnum(node, raw, path);
        }
        if (raw == List.class) {
            return bindList(node, (AnnotatedParameterizedType) type, path);
        }
        if (raw == Map.class) {
            return bindMap(node, (AnnotatedParameterizedType) type, path);
        }
        if (raw.isRecord()) {
            return bindRecord(node, raw, path);
        }
        throw new IllegalStateException("The spec model uses a type the binder does not know: " + type);
    }

    private String bindString(Node node, AnnotatedElement constraints, AnnotatedType type, FieldPath path) {
        if (!(node instanceof ScalarNode scalar)) {
            return wrongType(path, "a string", node);
        }
        String value = scalar.getValue();
        Named rule = annotation(Named.class, constraints, type);
        if (rule != null) {
            String violation = rule.value().violation(value);
            if (violation != null) {
                problems.error(path, "'" + value + "' is not a valid " + humanName(rule.value()) + ": " + violation);
                return null;
            }
        }
        return value;
    }

    private Integer bindInteger(Node node, AnnotatedElement constraints, FieldPath path) {
        if (!(node instanceof ScalarNode scalar) || !Tag.INT.equals(node.getTag())) {
            return wrongType(path, "a whole number", node);
        }
        long value;
        try {
            value = Long.decode(scalar.getValue().replace("_", "").replaceFirst("^\\+", ""));
        } catch (NumberFormatException e) {
            return wrongType(path, "a whole number", node);
        }
        Range range = constraints == null ? null : constraints.getAnnotation(Range.class);
        if (range != null && (value < range.min() || value > range.max())) {
            problems.error(path, value + " is out of range; allowed: " + range.min() + " to " + range.max());
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            problems.error(path, value + " is too large");
            return null;
        }
        return (int) value;
    }

    private Boolean bindBoolean(Node node, FieldPath path) {
        if (!(node instanceof ScalarNode scalar) || !Tag.BOOL.equals(node.getTag())) {
            return wrongType(path, "true or false", node);
        }
        return TRUE_WORDS.contains(scalar.getValue().toLowerCase(Locale.ROOT));
    }

    private Object bindEnum(Node node, Class<?> type, FieldPath path) {
        List<WireName> constants = Arrays.stream(type.getEnumConstants()).map(WireName.class::cast).toList();
        String allowed = constants.stream().map(WireName::wire).collect(Collectors.joining(", "));
        if (!(node instanceof ScalarNode scalar)) {
            return wrongType(path, "one of " + allowed, node);
        }
        for (WireName constant : constants) {
            if (constant.wire().equals(scalar.getValue())) {
                return constant;
            }
        }
        problems.error(path, "'" + scalar.getValue() + "' is not allowed; allowed: " + allowed);
        return null;
    }

    private List<Object> bindList(Node node, AnnotatedParameterizedType type, FieldPath path) {
        if (!(node instanceof SequenceNode sequence)) {
            return wrongType(path, "a list", node);
        }
        AnnotatedType elementType = type.getAnnotatedActualTypeArguments()[0];
        List<Object> values = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            FieldPath itemPath = path.index(i);
            record(items.get(i), itemPath);
            Object value = bindValue(items.get(i), elementType, elementType, itemPath);
            if (value == null && !problems.failed(itemPath)) {
                problems.error(itemPath, "an empty list item; remove it or give it a value");
            }
            values.add(value);
        }
        return Collections.unmodifiableList(values);
    }

    private Map<String, Object> bindMap(Node node, AnnotatedParameterizedType type, FieldPath path) {
        if (!(node instanceof MappingNode mapping)) {
            return wrongType(path, "a mapping of names to values", node);
        }
        AnnotatedType keyType = type.getAnnotatedActualTypeArguments()[0];
        AnnotatedType valueType = type.getAnnotatedActualTypeArguments()[1];
        Named keyRule = keyType.getAnnotation(Named.class);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> entry : uniqueKeys(mapping, path).entrySet()) {
            String key = entry.getKey();
            FieldPath entryPath = path.field(key);
            if (keyRule != null) {
                String violation = keyRule.value().violation(key);
                if (violation != null) {
                    problems.errorAtKey(entryPath, "'" + key + "' is not a valid " + humanName(keyRule.value())
                            + ": " + violation);
                    continue;
                }
            }
            Node valueNode = entry.getValue().getValueNode();
            if (isNull(valueNode)) {
                problems.errorAtKey(entryPath, "'" + key + "' has no value; write \"\" for an empty one");
                continue;
            }
            values.put(key, bindValue(valueNode, valueType, valueType, entryPath));
        }
        return Collections.unmodifiableMap(values);
    }

    private Object bindRecord(Node node, Class<?> type, FieldPath path) {
        if (!(node instanceof MappingNode mapping)) {
            return wrongType(path, "a mapping with the fields " + fieldNames(type), node);
        }
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent component : components) {
            byName.put(component.getName(), component);
        }
        Map<String, NodeTuple> entries = uniqueKeys(mapping, path);
        for (String key : entries.keySet()) {
            if (!byName.containsKey(key)) {
                problems.errorAtKey(path.field(key), unknownFieldMessage(key, byName.keySet()));
            }
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            FieldPath fieldPath = path.field(component.getName());
            NodeTuple entry = entries.get(component.getName());
            Node valueNode = entry == null ? null : entry.getValueNode();
            if (isNull(valueNode)) {
                if (component.isAnnotationPresent(Required.class)) {
                    problems.error(fieldPath, "missing required field '" + component.getName() + "'"
                            + describe(component));
                }
                continue;
            }
            args[i] = bindValue(valueNode, component.getAnnotatedType(), component, fieldPath);
        }
        return construct(type, components, args);
    }

    /** Keys in document order; a repeated key is an error (YAML says keys are unique, SnakeYAML keeps both). */
    private Map<String, NodeTuple> uniqueKeys(MappingNode mapping, FieldPath path) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                SourcePosition at = position(tuple.getKeyNode().getStartMark());
                problems.at(at, path, "a key must be a plain name, not a " + kind(tuple.getKeyNode()));
                continue;
            }
            String key = keyNode.getValue();
            FieldPath entryPath = path.field(key);
            SourcePosition keyAt = position(keyNode.getStartMark());
            if (entries.containsKey(key)) {
                problems.at(keyAt, entryPath, "duplicate key " + Excerpt.of(key) + " (first on line "
                        + firstLine.get(key) + ")");
                continue;
            }
            entries.put(key, tuple);
            firstLine.put(key, keyAt.line());
            problems.recordKey(entryPath, keyAt);
            record(tuple.getValueNode(), entryPath);
        }
        return entries;
    }

    private void record(Node node, FieldPath path) {
        problems.recordValue(path, position(node.getStartMark()));
    }

    private <T> T wrongType(FieldPath path, String expected, Node node) {
        String actual = node instanceof ScalarNode scalar
                ? describeScalar(scalar)
                : "a " + kind(node);
        problems.error(path, "expected " + expected + ", got " + actual);
        return null;
    }

    private static String describeScalar(ScalarNode scalar) {
        String kind = Tag.INT.equals(scalar.getTag()) ? "the number"
                : Tag.BOOL.equals(scalar.getTag()) ? "the boolean"
                : Tag.FLOAT.equals(scalar.getTag()) ? "the decimal number"
                : "the string";
        return kind + " " + Excerpt.of(scalar.getValue());
    }

    private static String kind(Node node) {
        return node instanceof MappingNode ? "mapping" : node instanceof SequenceNode ? "list" : "value";
    }

    private static boolean isNull(Node node) {
        return node == null || Tag.NULL.equals(node.getTag());
    }

    static String unknownFieldMessage(String key, Set<String> allowed) {
        String suggestion = allowed.stream()
                .filter(name -> name.equalsIgnoreCase(key) || Levenshtein.distance(name, key) <= 2)
                .findFirst()
                .map(name -> "; did you mean '" + name + "'? Allowed: ")
                .orElse("; allowed: ");
        return "unknown field " + Excerpt.of(key) + suggestion + String.join(", ", allowed);
    }

    private static String describe(RecordComponent component) {
        Doc doc = component.getAnnotation(Doc.class);
        return doc == null ? "" : " (" + doc.value() + ")";
    }

    private static String fieldNames(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.joining(", "));
    }

    static String humanName(NameRule rule) {
        return rule.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static <A extends java.lang.annotation.Annotation> A annotation(
            Class<A> type, AnnotatedElement constraints, AnnotatedType annotatedType) {
        A onElement = constraints == null ? null : constraints.getAnnotation(type);
        return onElement != null ? onElement : annotatedType.getAnnotation(type);
    }

    private static SourcePosition position(Mark mark) {
        return new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static Class<?> rawClass(AnnotatedType type) {
        if (type.getType() instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        return (Class<?>) type.getType();
    }

    private static AnnotatedType annotatedTypeOf(Class<?> type) {
        return new AnnotatedType() {
            @Override
            public java.lang.reflect.Type getType() {
                return type;
            }

            @Override
            public <A extends java.lang.annotation.Annotation> A getAnnotation(Class<A> annotationClass) {
                return null;
            }

            @Override
            public java.lang.annotation.Annotation[] getAnnotations() {
                return new java.lang.annotation.Annotation[0];
            }

            @Override
            public java.lang.annotation.Annotation[] getDeclaredAnnotations() {
                return new java.lang.annotation.Annotation[0];
            }
        };
    }

    private static Object construct(Class<?> type, RecordComponent[] components, Object[] args) {
        Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Constructing " + type.getSimpleName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The spec model's record " + type + " cannot be constructed", e);
        }
    }
}
