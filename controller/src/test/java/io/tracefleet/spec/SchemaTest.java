package io.tracefleet.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed schema is the one the model generates, and an independent validator agrees with ours. */
class SchemaTest {
    private static final Path COMMITTED = TestSpecs.EXAMPLES.resolve("tracefleet.schema.json");
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new ObjectMapper().readTree(COMMITTED.toFile()));
    }

    private static Set<ValidationMessage> validate(String yaml) throws IOException {
        JsonNode document = new YAMLMapper().readTree(yaml);
        return schema.validate(document);
    }

    @Test
    void theCommittedSchemaIsUpToDate() throws IOException {
        assertThat(Files.readString(COMMITTED))
                .as("specs/tracefleet.schema.json is stale: regenerate it with "
                        + "java -jar controller/target/tracefleet.jar schema > specs/tracefleet.schema.json")
                .isEqualTo(SchemaGenerator.generate());
    }

    @Test
    void theExampleIsValidUnderTheSchema() throws IOException {
        assertThat(validate(Files.readString(TestSpecs.SEED_EXAMPLE))).isEmpty();
    }

    @Test
    void theExampleTellsEditorsWhereTheSchemaIs() throws IOException {
        assertThat(Files.readString(TestSpecs.SEED_EXAMPLE))
                .startsWith("# yaml-language-server: $schema=./tracefleet.schema.json\n");
    }

    @Test
    void theSchemaRejectsWhatTheBinderRejects() throws IOException {
        String valid = TestSpecs.minimal("web:\n  image: nginx\n  port: 8080\n");
        assertThat(validate(valid)).isEmpty();

        assertThat(validate(valid.replace("  port: 8080", "  port: 8080\n      desiredcount: 2")))
                .anySatisfy(m -> assertThat(m.getMessage()).contains("desiredcount"));
        assertThat(validate(valid.replace("port: 8080", "port: \"8080\""))).isNotEmpty();
        assertThat(validate(valid.replace("port: 8080", "port: 70000"))).isNotEmpty();
        assertThat(validate(valid.replace("name: shop", "name: Shop_1"))).isNotEmpty();
        assertThat(validate(valid.replace("  port: 8080", "  port: 8080\n      loadBalancer:\n        name: internal-x")))
                .isNotEmpty();
        assertThat(validate(valid.replace("  port: 8080", "  port: 8080\n      env:\n        1BAD: x"))).isNotEmpty();
        assertThat(validate(valid.replace("vpc: default", "vpc: default\n    extra: 1"))).isNotEmpty();
        assertThat(validate(valid.replace("kind: TracedApplication", "kind: Other"))).isNotEmpty();
    }
}
