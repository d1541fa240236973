package io.auditsearch.verify.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies inclusion and consistency proofs with the algorithms of RFC 9162 sections 2.1.3.2 and
 * 2.1.4.2, step by step. Every hash (leaf, roots, proof elements) must be 32 bytes.
 *
 * <p>Not thread-safe (it holds a {@link TreeHasher}).
 */
public final class ProofVerifier {
    private final TreeHasher hasher = new TreeHasher();

    /**
     * Recomputes the root from a leaf hash and its inclusion proof (RFC 9162 2.1.3.2 steps 1-5,
     * except the final comparison with the expected root).
     *
     * @throws ProofException when the index is outside the tree or the proof has the wrong length
     */
    public byte[] rootFromInclusionProof(long index, long treeSize, byte[] leafHash, List<byte[]> proof)
            throws ProofException {
        checkHashes(leafHash, proof);
        // 1. leaf_index must be below tree_size.
        if (index < 0 || treeSize <= 0 || index >= treeSize) {
            throw new ProofException("leaf index " + Long.toUnsignedString(index) + " is outside a tree of "
                    + treeSize);
        }
        // 2. fn = leaf_index, sn = tree_size - 1. 3. r = hash.
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        // 4. For each p in inclusion_path:
        for (byte[] p : proof) {
            // a. sn == 0: the proof is too long.
            if (sn == 0) {
                throw new ProofException("inclusion proof longer than the tree is deep");
            }
            // b. LSB(fn) set, or fn == sn: p is a left sibling.
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
            // c. right-shift both once.
            fn >>= 1;
            sn >>= 1;
        }
        // 5. sn must be 0.
        if (sn != 0) {
            throw new ProofException("inclusion proof shorter than the tree is deep");
        }
        return r;
    }

    /** True when the proof shows the leaf at {@code index} in the tree of {@code treeSize} with this root. */
    public boolean verifyInclusion(long index, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        try {
            return root.length == TreeHasher.HASH_SIZE
                    && MessageDigest.isEqual(rootFromInclusionProof(index, treeSize, leafHash, proof), root);
        } catch (ProofException e) {
            return false;
        }
    }

    /**
     * Checks a consistency proof from the tree {@code (size1, root1)} to {@code (size2, root2)}
     * (RFC 9162 2.1.4.2, with the trivial cases: equal sizes need equal roots and an empty proof;
     * the empty tree is consistent with every tree and its proof is empty).
     *
     * @throws ProofException naming the first check that failed
     */
    public void checkConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
            throws ProofException {
        checkHashes(root1, proof);
        checkHashes(root2, List.of());
        if (size1 < 0 || size2 < size1) {
            throw new ProofException("tree size " + size2 + " cannot follow tree size " + size1);
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new ProofException("a proof between equal sizes must be empty");
            }
            if (!MessageDigest.isEqual(root1, root2)) {
                throw new ProofException("two different roots for tree size " + size1);
            }
            return;
        }
        if (size1 == 0) {
            if (!proof.isEmpty()) {
                throw new ProofException("a proof from the empty tree must be empty");
            }
            return;
        }
        // 1. An empty consistency_path fails.
        if (proof.isEmpty()) {
            throw new ProofException("empty consistency proof");
        }
        // 2. If first is an exact power of 2, prepend first_hash.
        int i = 0;
        byte[] first;
        if (Long.bitCount(size1) == 1) {
            first = root1;
        } else {
            first = proof.get(i++);
        }
        // 3. fn = first - 1, sn = second - 1.
        long fn = size1 - 1;
        long sn = size2 - 1;
        // 4. While LSB(fn) is set, right-shift both.
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        // 5. fr = sr = the first value.
        byte[] fr = first;
        byte[] sr = first;
        // 6. For each subsequent value c:
        for (; i < proof.size(); i++) {
            byte[] c = proof.get(i);
            if (sn == 0) {
                throw new ProofException("consistency proof longer than needed");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = hasher.nodeHash(c, fr);
                sr = hasher.nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = hasher.nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // 7. fr == first_hash, sr == second_hash, sn == 0.
        if (sn != 0) {
            throw new ProofException("consistency proof shorter than needed");
        }
        if (!MessageDigest.isEqual(fr, root1)) {
            throw new ProofException("consistency proof does not lead to the first root");
        }
        if (!MessageDigest.isEqual(sr, root2)) {
            throw new ProofException("consistency proof does not lead to the second root");
        }
    }

    /** {@link #checkConsistency} as a boolean. */
    public boolean verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        try {
            checkConsistency(size1, size2, root1, root2, proof);
            return true;
        } catch (ProofException e) {
            return false;
        }
    }

    private static void checkHashes(byte[] hash, List<byte[]> proof) throws ProofException {
        if (hash == null || hash.length != TreeHasher.HASH_SIZE) {
            throw new ProofException("a hash of " + (hash == null ? 0 : hash.length) + " bytes, not 32");
        }
        for (byte[] p : proof) {
            if (p == null || p.length != TreeHasher.HASH_SIZE) {
                throw new ProofException("a proof hash of " + (p == null ? 0 : p.length) + " bytes, not 32");
            }
        }
    }
}
