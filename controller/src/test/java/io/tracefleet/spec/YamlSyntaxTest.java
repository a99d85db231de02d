package io.tracefleet.spec;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The common YAML slips, each at the line of the mistake, in plain words, through the loader as a user meets them. */
class YamlSyntaxTest {
    private static final String SPEC = """
            apiVersion: tracefleet.io/v1alpha1
            kind: TracedApplication
            metadata:
              name: shop
            spec:
              region: ap-northeast-1
              network:
                vpc: default
                assignPublicIp: true
              tracing:
                sidecar: xray-daemon
            """;

    private static SpecError error(String text) throws Exception {
        Path dir = Files.createTempDirectory("yaml-syntax");
        Path file = Files.writeString(dir.resolve("shop.yaml"), text);
        List<SpecError> errors = new SpecLoader().load(List.of(file)).errors();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void aKeyWithoutItsColonIsNamedOnItsOwnLineNotTheNext() throws Exception {
        SpecError error = error(SPEC.replace("    vpc: default", "    vpc default"));

        assertThat(error.line()).isEqualTo(8);
        assertThat(error.message()).startsWith("not valid YAML: this line has no ':'");
    }

    @Test
    void aLineIndentedWronglyIsNamed() throws Exception {
        SpecError error = error(SPEC.replace("    assignPublicIp", "   assignPublicIp"));

        assertThat(error.line()).isEqualTo(9);
        assertThat(error.message()).startsWith("not valid YAML: this line is indented differently");
    }

    @Test
    void anUnclosedQuoteOrBracketIsNamedWhereItOpens() throws Exception {
        SpecError quote = error(SPEC.replace("name: shop", "name: \"shop"));
        assertThat(quote.line()).isEqualTo(4);
        assertThat(quote.message()).startsWith("not valid YAML: a quote opened here is never closed");

        SpecError bracket = error(SPEC.replace("sidecar: xray-daemon", "sidecar: [xray-daemon\n    other: 1"));
        assertThat(bracket.line()).isEqualTo(11);
        assertThat(bracket.message()).startsWith("not valid YAML: a '[' opened here is not closed with ']'");
    }

    @Test
    void aTabAndASecondColonAreSaidPlainly() throws Exception {
        assertThat(error(SPEC.replace("    vpc: default", "\tvpc: default")).message())
                .startsWith("not valid YAML: a tab character; YAML indents with spaces only");
        SpecError colon = error(SPEC.replace("name: shop", "name: shop: two"));
        assertThat(colon.line()).isEqualTo(4);
        assertThat(colon.message()).startsWith("not valid YAML: a second ': ' on one line")
                .contains("(YAML: mapping values are not allowed here)");
    }

    @Test
    void anythingElseKeepsTheParsersWords() {
        MarkedYAMLException other = new MarkedYAMLException("while parsing", null, "found undefined alias x", null) {
        };
        assertThat(YamlSyntax.explain(other, "a: *x\n").message()).isEqualTo("found undefined alias x");
    }
}
