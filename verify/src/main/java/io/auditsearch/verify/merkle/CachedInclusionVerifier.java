package io.auditsearch.verify.merkle;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * Verifies many inclusion proofs against one tree (size and root) with RFC 9162 2.1.3.2, remembering
 * the states of the last proof that verified: when a proof reaches the same state (fn, sn, r) after
 * as many steps and its remaining hashes are the same bytes, the rest of the run is the one already
 * done and ends at the root. The answer is the algorithm's answer; proofs of neighbouring leaves,
 * as in an export, mostly cost a leaf hash and one or two node hashes.
 *
 * <p>Not thread-safe.
 */
public final class CachedInclusionVerifier {
    private static final int MAX_DEPTH = 64;

    private final long treeSize;
    private final byte[] root;
    private final TreeHasher hasher = new TreeHasher();
    private final long[] fnAt = new long[MAX_DEPTH];
    private final long[] snAt = new long[MAX_DEPTH];
    private final byte[][] rAt = new byte[MAX_DEPTH][];
    private final long[] tryFn = new long[MAX_DEPTH];
    private final long[] trySn = new long[MAX_DEPTH];
    private final byte[][] tryR = new byte[MAX_DEPTH][];
    private List<byte[]> verifiedProof = List.of();

    public CachedInclusionVerifier(long treeSize, byte[] root) {
        if (root.length != TreeHasher.HASH_SIZE) {
            throw new IllegalArgumentException("a root hash has 32 bytes");
        }
        this.treeSize = treeSize;
        this.root = root.clone();
    }

    /** True when the proof shows {@code leafHash} at {@code index} in this tree. */
    public boolean verify(long index, byte[] leafHash, List<byte[]> proof) {
        if (index < 0 || index >= treeSize || leafHash.length != TreeHasher.HASH_SIZE || proof.size() >= MAX_DEPTH) {
            return false;
        }
        for (byte[] p : proof) {
            if (p.length != TreeHasher.HASH_SIZE) {
                return false;
            }
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (int k = 0; k < proof.size(); k++) {
            if (k < verifiedProof.size() && fnAt[k] == fn && snAt[k] == sn && Arrays.equals(rAt[k], r)
                    && sameSuffix(proof, k)) {
                return true;
            }
            tryFn[k] = fn;
            trySn[k] = sn;
            tryR[k] = r;
            byte[] p = proof.get(k);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = hasher.nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = hasher.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0 || !MessageDigest.isEqual(r, root)) {
            return false;
        }
        System.arraycopy(tryFn, 0, fnAt, 0, proof.size());
        System.arraycopy(trySn, 0, snAt, 0, proof.size());
        System.arraycopy(tryR, 0, rAt, 0, proof.size());
        verifiedProof = proof;
        return true;
    }

    private boolean sameSuffix(List<byte[]> proof, int from) {
        if (proof.size() != verifiedProof.size()) {
            return false;
        }
        for (int i = from; i < proof.size(); i++) {
            if (!Arrays.equals(proof.get(i), verifiedProof.get(i))) {
                return false;
            }
        }
        return true;
    }
}
