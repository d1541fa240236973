package io.auditsearch.verify.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds inclusion and consistency proofs exactly as RFC 9162 defines them: PATH (section 2.1.3.1)
 * and PROOF/SUBPROOF (section 2.1.4.1), from any {@link HashSource}.
 */
public final class Proofs {
    private Proofs() {}

    /** The inclusion proof {@code PATH(index, D[0:treeSize])}, from the leaf's sibling upwards. */
    public static List<byte[]> inclusion(HashSource hashes, long index, long treeSize) {
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + treeSize);
        }
        List<byte[]> proof = new ArrayList<>();
        path(hashes, index, 0, treeSize, proof);
        return proof;
    }

    /** The consistency proof {@code PROOF(size1, D[0:size2])}; empty when size1 is 0 or size2. */
    public static List<byte[]> consistency(HashSource hashes, long size1, long size2) {
        if (size1 < 0 || size1 > size2) {
            throw new IllegalArgumentException("no consistency proof from " + size1 + " to " + size2);
        }
        List<byte[]> proof = new ArrayList<>();
        if (size1 > 0 && size1 < size2) {
            subproof(hashes, size1, 0, size2, true, proof);
        }
        return proof;
    }

    // PATH(m, D[start:end]): m is relative to start.
    private static void path(HashSource hashes, long m, long start, long end, List<byte[]> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(hashes, m, start, start + k, out);
            out.add(hashes.rangeHash(start + k, end));
        } else {
            path(hashes, m - k, start + k, end, out);
            out.add(hashes.rangeHash(start, start + k));
        }
    }

    // SUBPROOF(m, D[start:end], b): m is a size relative to start.
    private static void subproof(HashSource hashes, long m, long start, long end, boolean b, List<byte[]> out) {
        long n = end - start;
        if (m == n) {
            if (!b) {
                out.add(hashes.rangeHash(start, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(hashes, m, start, start + k, b, out);
            out.add(hashes.rangeHash(start + k, end));
        } else {
            subproof(hashes, m - k, start + k, end, false, out);
            out.add(hashes.rangeHash(start, start + k));
        }
    }

    /** The largest power of two strictly below {@code n}, for {@code n >= 2}. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
