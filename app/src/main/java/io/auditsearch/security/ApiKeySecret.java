package io.auditsearch.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The key a caller holds: {@code ask_<id><secret>}, a 16 hex character id (the stored document's id,
 * so a key is found by a realtime get, no search) and 256 random bits.
 *
 * <p>Only the SHA-256 of the whole key is stored. A fast unsalted hash is right here: the key is 256
 * bits from a CSPRNG, so there is no dictionary to try and guessing a preimage is out of reach,
 * whereas a slow password hash (bcrypt) would only add its cost to every request.
 */
record ApiKeySecret(String id, String key) {

    private static final String PREFIX = "ask_";
    private static final int ID_CHARS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    static ApiKeySecret generate() {
        byte[] id = new byte[ID_CHARS / 2];
        RANDOM.nextBytes(id);
        return generate(HexFormat.of().formatHex(id));
    }

    /** A new key with a given id (16 lowercase hex characters). */
    static ApiKeySecret generate(String id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new ApiKeySecret(id, PREFIX + id + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The id part of a key in our format (configured static keys may have any other form). */
    static Optional<String> idOf(String key) {
        if (!key.startsWith(PREFIX) || key.length() < PREFIX.length() + ID_CHARS + 40) {
            return Optional.empty();
        }
        String id = key.substring(PREFIX.length(), PREFIX.length() + ID_CHARS);
        return id.chars().allMatch(c -> Character.digit(c, 16) >= 0 && !Character.isUpperCase(c)) ? Optional.of(id) : Optional.empty();
    }

    /** SHA-256 of the key, lowercase hex. */
    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hash comparison in constant time. */
    static boolean matches(String key, String expectedHash) {
        return MessageDigest.isEqual(hash(key).getBytes(StandardCharsets.US_ASCII), expectedHash.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "ApiKeySecret[id=" + id + ", key=****]"; // never the key, should one be logged by mistake
    }
}
