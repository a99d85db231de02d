package io.tracefleet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user reads is complete and in the user's words: the README's fields table names every field the spec
 * format has (its JSON Schema, the one {@code validate} checks against), and no document speaks of how the work on
 * the project is organised.
 */
class UserGuideTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void theFieldsTableNamesEveryFieldOfTheSpecFormat() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(ROOT.resolve("specs/tracefleet.schema.json").toFile());
        Set<String> fields = new TreeSet<>();
        collect(schema.at("/properties/spec"), fields);
        assertThat(fields).as("the schema's fields under spec").contains("desiredCount", "selfHeal", "onDelete",
                "prune", "adopt", "ignore");

        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("\n### Fields\n");
        assertThat(start).as("README's Fields section").isPositive();
        String table = readme.substring(start, readme.indexOf("\n### ", start + 1));
        List<String> missing = fields.stream().filter(field -> !Pattern.compile("`[^`\\n]*\\b" + field + "[`.\\[]")
                .matcher(table).find()).toList();
        assertThat(missing).as("fields the README's table leaves out").isEmpty();
    }

    @Test
    void noDocumentSpeaksOfIssuesTicketsOrSprints() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("TESTING.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(documents::add);
        }
        Pattern planning = Pattern.compile("(?i)\\b(issue|ticket|sprint)\\s*#?\\d+");
        for (Path document : documents) {
            assertThat(Files.readString(document)).as(document.toString()).doesNotContainPattern(planning);
        }
    }

    private static void collect(JsonNode node, Set<String> fields) {
        node.path("properties").fields().forEachRemaining(field -> {
            fields.add(field.getKey());
            collect(field.getValue(), fields);
        });
        for (String nested : List.of("items", "additionalProperties")) {
            if (node.path(nested).isObject()) {
                collect(node.path(nested), fields);
            }
        }
        for (String alternatives : List.of("oneOf", "anyOf", "allOf")) {
            node.path(alternatives).forEach(alternative -> collect(alternative, fields));
        }
    }
}
