package io.tracefleet.setup;

import io.tracefleet.ownership.OwnershipKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OwnershipSettingsTest {

    private static TracefleetConfiguration.AwsSettings endpoint(String endpoint) {
        TracefleetConfiguration.AwsSettings aws = new TracefleetConfiguration.AwsSettings();
        aws.setEndpoint(endpoint);
        return aws;
    }

    @Test
    void theEmbeddedMotoRunsWithARandomKeyWhenNoneIsSet() {
        OwnershipKeys keys = new TracefleetConfiguration.OwnershipSettings().keysFor(endpoint("local"));
        assertThat(keys.keyIds()).containsExactly("local");
    }

    @Test
    void anyOtherAwsRefusesToStartWithoutAKeyAndNamesTheVariable() {
        for (String other : new String[] {"", "http://127.0.0.1:5000"}) {
            assertThatThrownBy(() -> new TracefleetConfiguration.OwnershipSettings().keysFor(endpoint(other)))
                    .as("endpoint '%s'", other).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(OwnershipKeys.VARIABLE);
        }
    }

    @Test
    void configuredKeysAreUsedEverywhereAndCheckedFirst() {
        TracefleetConfiguration.OwnershipSettings settings = new TracefleetConfiguration.OwnershipSettings();
        settings.setKeys("new:" + "n".repeat(32) + ",old:" + "o".repeat(32));
        assertThat(settings.keysFor(endpoint("local")).signingKeyId()).isEqualTo("new");
        assertThat(settings.keysFor(endpoint("")).keyIds()).containsExactly("new", "old");
        settings.setKeys("new:short");
        assertThatThrownBy(() -> settings.keysFor(endpoint("local"))).hasMessageContaining("too short");
    }
}
