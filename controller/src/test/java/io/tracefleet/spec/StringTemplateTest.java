package io.tracefleet.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StringTemplateTest {
    @Test
    void splitsLiteralsAndReferences() throws Exception {
        StringTemplate template = StringTemplate.parse("http://${services.b.endpoint}:80/x");

        assertThat(template.parts()).containsExactly(new StringTemplate.Literal("http://"),
                new StringTemplate.Reference("b", StringTemplate.Attribute.ENDPOINT),
                new StringTemplate.Literal(":80/x"));
        assertThat(template.render(r -> "dns")).isEqualTo("http://dns:80/x");
        assertThat(template.literalValue()).isEmpty();
    }

    @Test
    void aDoubledDollarIsALiteral() throws Exception {
        StringTemplate template = StringTemplate.parse("$${HOME} and $5");

        assertThat(template.literalValue()).contains("${HOME} and $5");
        assertThat(template.references()).isEmpty();
    }

    @Test
    void referencesOfEveryAttribute() throws Exception {
        assertThat(StringTemplate.parse("${services.a.url}${services.a-2.repository}").references())
                .containsExactly(new StringTemplate.Reference("a", StringTemplate.Attribute.URL),
                        new StringTemplate.Reference("a-2", StringTemplate.Attribute.REPOSITORY));
    }

    @Test
    void malformedReferencesSayWhatIsAllowed() {
        for (String text : List.of("${env.HOME}", "${services.B.endpoint}", "${}", "${services.a}")) {
            assertThatThrownBy(() -> StringTemplate.parse(text)).isInstanceOf(StringTemplate.SyntaxException.class)
                    .hasMessageContaining("allowed: ${services.<name>.endpoint}");
        }
        assertThatThrownBy(() -> StringTemplate.parse("${services.a.endpoint"))
                .hasMessage("'${' is not closed by '}'; write $${ for a literal ${");
    }
}
