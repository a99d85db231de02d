package io.tracefleet.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the write endpoints answer: the main job without a token refuses everyone (403) and says how to set one; with
 * a token, a request without it or with another is 401.
 */
class ApiTokenTest {
    @Test
    void withNoTokenConfiguredNobodyMayAndTheAnswerSaysHowToSetOne() {
        for (String configured : new String[]{null, ""}) {
            for (String sent : new String[]{null, "Bearer ", "Bearer anything"}) {
                assertThat(new ApiToken(configured).refusal(sent)).as("%s / %s", configured, sent)
                        .hasValueSatisfying(refusal -> {
                            assertThat(refusal.status()).isEqualTo(403);
                            assertThat(refusal.message()).contains("TRACEFLEET_API_TOKEN")
                                    .contains("Authorization: Bearer <token>");
                        });
            }
        }
    }

    @Test
    void withATokenOnlyItsBearerIsLetThrough() {
        ApiToken token = new ApiToken("0123456789abcdef");

        assertThat(token.refusal(null)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(401));
        assertThat(token.refusal("0123456789abcdef")).as("without the Bearer scheme")
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(401));
        assertThat(token.refusal("Bearer 0123456789abcdeX")).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.message()).isEqualTo("the bearer token is not the configured one");
        });
        assertThat(token.refusal("Bearer 0123456789abcdef")).isEmpty();
    }
}
