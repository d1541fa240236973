package io.auditsearch.verify.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

/**
 * Random trees: the roots match a literal reading of RFC 9162's MTH, proofs verify, and flipping any
 * one bit of a proof, the leaf or a root makes verification fail.
 */
@Tag("unit")
class MerkleProofPropertiesTest {
    private final TreeHasher hasher = new TreeHasher();
    private final ProofVerifier verifier = new ProofVerifier();

    private static List<byte[]> entries(int n, int seed) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(("event " + seed + "/" + i).getBytes(StandardCharsets.UTF_8));
        }
        return entries;
    }

    private static MerkleTree tree(List<byte[]> entries) {
        MerkleTree tree = new MerkleTree();
        entries.forEach(tree::appendEntry);
        return tree;
    }

    /** MTH(D[n]) of RFC 9162 2.1.1, recursively, from the entries. */
    private byte[] mth(List<byte[]> d) {
        if (d.isEmpty()) {
            return hasher.emptyRoot();
        }
        if (d.size() == 1) {
            return hasher.leafHash(d.get(0));
        }
        int k = Integer.highestOneBit(d.size() - 1);
        return hasher.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    private static List<byte[]> flip(List<byte[]> proof, int element, int bit) {
        List<byte[]> out = new ArrayList<>(proof);
        byte[] h = out.get(element).clone();
        h[bit / 8] ^= (byte) (1 << (bit % 8));
        out.set(element, h);
        return out;
    }

    private static byte[] flip(byte[] hash, int bit) {
        byte[] h = hash.clone();
        h[bit / 8] ^= (byte) (1 << (bit % 8));
        return h;
    }

    @Property(tries = 300)
    void rootIsTheRfcMth(@ForAll @IntRange(min = 0, max = 700) int n, @ForAll int seed) {
        List<byte[]> entries = entries(n, seed);
        assertArrayEquals(mth(entries), tree(entries).root());
    }

    @Property(tries = 300)
    void inclusionProofsVerifyAndAnyBitFlipFails(@ForAll @IntRange(min = 1, max = 700) int n,
            @ForAll @IntRange(min = 0, max = 699) int i, @ForAll int seed,
            @ForAll @IntRange(min = 0, max = 63) int element, @ForAll @IntRange(min = 0, max = 255) int bit) {
        int index = i % n;
        MerkleTree tree = tree(entries(n, seed));
        byte[] root = tree.root();
        byte[] leaf = tree.leafHash(index);
        List<byte[]> proof = Proofs.inclusion(tree, index, n);
        assertTrue(verifier.verifyInclusion(index, n, leaf, proof, root));
        if (!proof.isEmpty()) {
            assertFalse(verifier.verifyInclusion(index, n, leaf, flip(proof, element % proof.size(), bit), root));
        }
        assertFalse(verifier.verifyInclusion(index, n, flip(leaf, bit), proof, root));
        assertFalse(verifier.verifyInclusion(index, n, leaf, proof, flip(root, bit)));
    }

    @Property(tries = 300)
    void inclusionProofsFailAtAnyOtherIndexOrSize(@ForAll @IntRange(min = 2, max = 700) int n,
            @ForAll @IntRange(min = 0, max = 699) int i, @ForAll @IntRange(min = 0, max = 1400) int other,
            @ForAll int seed) {
        int index = i % n;
        MerkleTree tree = tree(entries(n, seed));
        List<byte[]> proof = Proofs.inclusion(tree, index, n);
        if (other != index) {
            assertFalse(verifier.verifyInclusion(other, n, tree.leafHash(index), proof, tree.root()));
        }
        if (other != n && other > index) {
            // the same leaf and proof claimed for another tree size (with that size's real root)
            MerkleTree bigger = tree(entries(Math.max(n, other), seed));
            assertFalse(verifier.verifyInclusion(index, other, tree.leafHash(index), proof, bigger.rootAt(other)));
        }
    }

    @Property(tries = 300)
    void consistencyProofsVerifyAndAnyBitFlipFails(@ForAll @IntRange(min = 1, max = 700) int n,
            @ForAll @IntRange(min = 1, max = 700) int m, @ForAll int seed,
            @ForAll @IntRange(min = 0, max = 63) int element, @ForAll @IntRange(min = 0, max = 255) int bit) {
        int size1 = Math.min(m, n);
        MerkleTree tree = tree(entries(n, seed));
        byte[] root1 = tree.rootAt(size1);
        byte[] root2 = tree.root();
        List<byte[]> proof = Proofs.consistency(tree, size1, n);
        assertTrue(verifier.verifyConsistency(size1, n, root1, root2, proof));
        if (!proof.isEmpty()) {
            assertFalse(verifier.verifyConsistency(size1, n, root1, root2, flip(proof, element % proof.size(), bit)));
        }
        assertFalse(verifier.verifyConsistency(size1, n, flip(root1, bit), root2, proof));
        assertFalse(verifier.verifyConsistency(size1, n, root1, flip(root2, bit), proof));
    }
}
