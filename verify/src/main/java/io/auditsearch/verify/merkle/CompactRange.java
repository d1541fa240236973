package io.auditsearch.verify.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of an RFC 9162 tree fed leaf hashes in order: the roots of its perfect subtrees,
 * largest first (one per set bit of the size). O(log n) memory, about one node hash per leaf;
 * gives the root of everything appended so far.
 */
public final class CompactRange {
    private final TreeHasher hasher = new TreeHasher();
    private final List<byte[]> hashes = new ArrayList<>();
    private long size;

    public void append(byte[] leafHash) {
        MerkleTree.checkHash(leafHash);
        byte[] hash = leafHash;
        long n = size;
        while ((n & 1) == 1) {
            hash = hasher.nodeHash(hashes.remove(hashes.size() - 1), hash);
            n >>>= 1;
        }
        hashes.add(hash);
        size++;
    }

    public long size() {
        return size;
    }

    /** {@code MTH(D[0:size])}. */
    public byte[] root() {
        if (hashes.isEmpty()) {
            return hasher.emptyRoot();
        }
        byte[] root = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = hasher.nodeHash(hashes.get(i), root);
        }
        return root;
    }
}
