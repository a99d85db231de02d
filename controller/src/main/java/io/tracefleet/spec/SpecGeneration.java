package io.tracefleet.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tracefleet.spec.model.TracedApplication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A spec's generation: a content hash of the parsed document, so reformatting or comments do not change it and
 * any change of meaning does. Stable across restarts, unlike a counter.
 */
public final class SpecGeneration {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private SpecGeneration() {
    }

    public static String of(TracedApplication application) {
        try {
            byte[] canonical = JSON.writeValueAsString(application).getBytes(StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the spec of " + application.name(), e);
        }
    }
}
