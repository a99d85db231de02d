package io.tracefleet.spec;

import io.tracefleet.spec.model.WireName;
import io.tracefleet.spec.model.Range;
import io.tracefleet.spec.model.Required;
import io.tracefleet.spec.model.Named;
import io.tracefleet.spec.model.NameRule;
import io.tracefleet.spec.model.Doc;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracefleet.spec.model.TracedApplication;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of the spec format, generated from the same records and annotations the binder reads, so
 * editors and Tracefleet agree on field names, types, required fields, ranges and naming rules. Checks that
 * span fields (Fargate sizes, references, name claims) are Tracefleet's alone.
 */
public final class SchemaGenerator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    public static final String SCHEMA_ID = "https://tracefleet.io/schemas/v1alpha1/traced-application.json";

    private SchemaGenerator() {
    }

    public static String generate() {
        ObjectNode schema = NODES.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", SCHEMA_ID);
        schema.put("title", "Tracefleet TracedApplication");
        schema.put("description", "An application of X-Ray-traced services on ECS Fargate, reconciled by Tracefleet.");
        ObjectNode root = recordSchema(TracedApplication.class);
        root.fields().forEachRemaining(field -> schema.set(field.getKey(), field.getValue()));
        ((ObjectNode) schema.get("properties").get("apiVersion")).put("const", TracedApplication.API_VERSION);
        ((ObjectNode) schema.get("properties").get("kind")).put("const", TracedApplication.KIND);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(schema) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode recordSchema(Class<?> type) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (RecordComponent component : type.getRecordComponents()) {
            ObjectNode property = valueSchema(component.getAnnotatedType(), component);
            Doc doc = component.getAnnotation(Doc.class);
            if (doc != null) {
                property.put("description", doc.value());
            }
            properties.set(component.getName(), property);
            if (component.isAnnotationPresent(Required.class)) {
                required.add(component.getName());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode valueSchema(AnnotatedType type, AnnotatedElement constraints) {
        Class<?> raw = type.getType() instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type.getType();
        ObjectNode schema = NODES.objectNode();
        if (raw == String.class) {
            schema.put("type", "string");
            Named named = constraints.getAnnotation(Named.class);
            if (named == null) {
                named = type.getAnnotation(Named.class);
            }
            if (named != null) {
                addNameRule(schema, named.value());
            }
        } else if (raw == Integer.class) {
            schema.put("type", "integer");
            Range range = constraints.getAnnotation(Range.class);
            if (range != null) {
                schema.put("minimum", range.min());
                schema.put("maximum", range.max());
            }
        } else if (raw == Boolean.class) {
            schema.put("type", "boolean");
        } else if (raw.isEnum()) {
            ArrayNode values = schema.putArray("enum");
            Arrays.stream(raw.getEnumConstants()).map(c -> ((WireName) c).wire()).forEach(values::add);
        } else if (raw == List.class) {
            AnnotatedType element = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments()[0];
            schema.put("type", "array");
            schema.set("items", valueSchema(element, element));
        } else if (raw == Map.class) {
            AnnotatedType[] args = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments();
            schema.put("type", "object");
            Named keyRule = args[0].getAnnotation(Named.class);
            if (keyRule != null) {
                ObjectNode names = NODES.objectNode();
                addNameRule(names, keyRule.value());
                schema.set("propertyNames", names);
            }
            schema.set("additionalProperties", valueSchema(args[1], args[1]));
        } else if (raw.isRecord()) {
            return recordSchema(raw);
        } else {
            throw new IllegalStateException("No schema for " + raw);
        }
        return schema;
    }

    private static void addNameRule(ObjectNode schema, NameRule rule) {
        schema.put("minLength", rule.minLength());
        schema.put("maxLength", rule.maxLength());
        schema.put("pattern", rule.schemaPattern());
    }
}
