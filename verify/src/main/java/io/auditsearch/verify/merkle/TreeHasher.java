package io.auditsearch.verify.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashes of RFC 9162 section 2.1 with SHA-256: leaf hash {@code SHA-256(0x00 || entry)}, node
 * hash {@code SHA-256(0x01 || left || right)}, and the empty tree's root {@code SHA-256()}.
 *
 * <p>Holds one {@link MessageDigest}, so an instance is not safe for concurrent use: give each
 * thread its own.
 */
public final class TreeHasher {
    /** Bytes in a SHA-256 hash. */
    public static final int HASH_SIZE = 32;
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private final MessageDigest sha256;

    public TreeHasher() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** {@code SHA-256(0x00 || entry)}. */
    public byte[] leafHash(byte[] entry) {
        return leafHash(entry, 0, entry.length);
    }

    /** {@code SHA-256(0x00 || entry[offset, offset + length))}. */
    public byte[] leafHash(byte[] entry, int offset, int length) {
        sha256.update(LEAF_PREFIX);
        sha256.update(entry, offset, length);
        return sha256.digest();
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public byte[] nodeHash(byte[] left, byte[] right) {
        sha256.update(NODE_PREFIX);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    /** The root of the empty tree, {@code SHA-256()} of no bytes. */
    public byte[] emptyRoot() {
        return sha256.digest();
    }
}
