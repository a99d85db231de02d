package io.tracefleet.ownership;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys that sign and check ownership proofs. Tags say who claims a resource, and anyone allowed to tag can
 * write them; a proof is an HMAC over {@link ProofSubject} that only a holder of the key can make. The first key
 * signs, every key checks: a new key goes first, and the old one stays until everything has been signed anew.
 *
 * <p>A proof reads {@code <key id>.<base64url HMAC-SHA256, no padding>}: 43 characters of MAC, well inside the
 * 256 characters every tagging API allows, in characters every one of them accepts.
 */
public final class OwnershipKeys {
    /** The environment variable (and {@code ownership.keys} setting) that holds the keys. */
    public static final String VARIABLE = "TRACEFLEET_OWNERSHIP_KEYS";
    static final int MIN_SECRET_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final String ALGORITHM = "HmacSHA256";

    private record Key(String id, byte[] secret) {
    }

    private final List<Key> keys;

    private OwnershipKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Keys as configured: {@code id:secret[,id:secret…]}, the first signing. A secret is at least 32 characters,
     * used as they are: {@code openssl rand -base64 32} gives 44, base64 of 32 random bytes. Anything else is
     * refused with the reason, so a typo cannot weaken the proof.
     */
    public static OwnershipKeys parse(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("no ownership key is set (" + VARIABLE + ")");
        }
        List<Key> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String entry : configured.split(",")) {
            String trimmed = entry.trim();
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("an ownership key must read id:secret (" + VARIABLE + ")");
            }
            String id = trimmed.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("ownership key id '" + id + "' must be 1 to 32 letters, digits, "
                        + "'-' or '_' (" + VARIABLE + ")");
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException("ownership key id '" + id + "' appears twice (" + VARIABLE + ")");
            }
            keys.add(new Key(id, secret(id, trimmed.substring(colon + 1))));
        }
        return new OwnershipKeys(keys);
    }

    /**
     * A random key as {@link #parse} reads it ({@code local:} and base64 of 32 random bytes): for the embedded moto,
     * written where the commands acting on that same moto can read it.
     */
    public static String generatedText() {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return "local:" + java.util.Base64.getEncoder().encodeToString(secret);
    }

    /** A random key for a process whose AWS lives and dies with it (the embedded moto). */
    public static OwnershipKeys generated() {
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return new OwnershipKeys(List.of(new Key("local", secret)));
    }

    private static byte[] secret(String id, String text) {
        if (text.length() >= MIN_SECRET_BYTES) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("ownership key '" + id + "' is too short: a secret is at least "
                + MIN_SECRET_BYTES + " characters, such as base64 of " + MIN_SECRET_BYTES
                + " random bytes (openssl rand -base64 32) (" + VARIABLE + ")");
    }

    /** The id of the key that signs. */
    public String signingKeyId() {
        return keys.get(0).id();
    }

    public List<String> keyIds() {
        return keys.stream().map(Key::id).toList();
    }

    /** The proof of this subject under the signing key. */
    public String sign(ProofSubject subject) {
        Key key = keys.get(0);
        return key.id() + "." + mac(key, subject);
    }

    /** Whether {@code proof} was signed for exactly this subject by one of the keys. */
    public boolean verifies(ProofSubject subject, String proof) {
        if (proof == null) {
            return false;
        }
        int dot = proof.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        String id = proof.substring(0, dot);
        Optional<Key> key = keys.stream().filter(k -> k.id().equals(id)).findFirst();
        if (key.isEmpty()) {
            return false;
        }
        byte[] expected = mac(key.get(), subject).getBytes(StandardCharsets.US_ASCII);
        byte[] given = proof.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        // Constant time: how much of a guessed proof matched must not show in how long the answer took.
        return MessageDigest.isEqual(expected, given);
    }

    private static String mac(Key key, ProofSubject subject) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.secret(), ALGORITHM));
            byte[] digest = mac.doFinal(subject.canonical().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        // Never the secrets: this may end up in a log.
        return "OwnershipKeys" + keyIds();
    }
}
