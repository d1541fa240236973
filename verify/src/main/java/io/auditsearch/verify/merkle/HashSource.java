package io.auditsearch.verify.merkle;

/**
 * Gives Merkle Tree Hashes {@code MTH(D[start:end])} (RFC 9162 section 2.1.1) of ranges of one log,
 * from wherever they are kept: memory, tiles, a database.
 *
 * <p>The proof builders only ask for the ranges that RFC 9162's PATH and PROOF recursions visit: a
 * range starting at a multiple of the largest power of two below its length. Implementations may
 * rely on that.
 */
public interface HashSource {
    /**
     * {@code MTH(D[start:end])} for {@code 0 <= start < end}.
     *
     * @throws java.io.UncheckedIOException or another runtime exception when the hashes cannot be
     *     read
     */
    byte[] rangeHash(long start, long end);
}
