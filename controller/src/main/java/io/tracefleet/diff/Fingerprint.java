package io.tracefleet.diff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A short stand-in for a value that must not be shown: equal values give equal fingerprints, so a reader still sees
 * that a value changed, or that two agree. Keyed by a random secret of this process, because a plain hash of a short
 * password is found by trying a dictionary; so fingerprints compare within one controller's life, not across restarts.
 */
public final class Fingerprint {
    private static final byte[] KEY = new SecureRandom().generateSeed(32);

    private Fingerprint() {
    }

    /** {@code fp:} and 8 hex digits of SHA-256 over this process's secret and the value. */
    public static String of(String value) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(KEY);
            byte[] digest = sha256.digest(value.getBytes(StandardCharsets.UTF_8));
            return "fp:" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
