package io.auditsearch.verify.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only RFC 9162 Merkle tree held in memory: every complete subtree's hash is stored
 * (level {@code l} holds the hashes of the aligned subtrees of {@code 2^l} leaves), so the hash of
 * any range, and so any root or proof, costs O(log n) node hashes.
 *
 * <p>Meant for building exports, tests and benchmarks; about 64 bytes per leaf. Not thread-safe.
 */
public final class MerkleTree implements HashSource {
    private final TreeHasher hasher = new TreeHasher();
    private final List<HashArray> levels = new ArrayList<>();
    private long size;

    /** Appends a leaf by its leaf hash ({@link TreeHasher#leafHash}); returns its index. */
    public long appendLeafHash(byte[] leafHash) {
        checkHash(leafHash);
        long index = size;
        byte[] hash = leafHash;
        for (int level = 0; ; level++) {
            if (levels.size() == level) {
                levels.add(new HashArray());
            }
            HashArray row = levels.get(level);
            row.add(hash);
            if ((row.count() & 1) != 0) {
                break;
            }
            hash = hasher.nodeHash(row.get(row.count() - 2), row.get(row.count() - 1));
        }
        size++;
        return index;
    }

    /** Appends an entry: its leaf hash is {@code SHA-256(0x00 || entry)}. */
    public long appendEntry(byte[] entry) {
        return appendLeafHash(hasher.leafHash(entry));
    }

    public long size() {
        return size;
    }

    /** The leaf hash at {@code index}. */
    public byte[] leafHash(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("leaf " + index + " of " + size);
        }
        return levels.get(0).get((int) index);
    }

    /** The root of the whole tree. */
    public byte[] root() {
        return rootAt(size);
    }

    /** The root of the tree's first {@code treeSize} leaves (an earlier version of the log). */
    public byte[] rootAt(long treeSize) {
        if (treeSize < 0 || treeSize > size) {
            throw new IndexOutOfBoundsException("tree size " + treeSize + " of " + size);
        }
        return treeSize == 0 ? hasher.emptyRoot() : rangeHash(0, treeSize);
    }

    @Override
    public byte[] rangeHash(long start, long end) {
        if (start < 0 || end > size || start >= end) {
            throw new IndexOutOfBoundsException("range [" + start + ", " + end + ") of " + size);
        }
        long n = end - start;
        if (Long.bitCount(n) == 1 && start % n == 0) {
            int level = Long.numberOfTrailingZeros(n);
            return levels.get(level).get((int) (start / n));
        }
        long k = Proofs.largestPowerOfTwoBelow(n);
        return hasher.nodeHash(rangeHash(start, start + k), rangeHash(start + k, end));
    }

    static void checkHash(byte[] hash) {
        if (hash.length != TreeHasher.HASH_SIZE) {
            throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, not " + hash.length);
        }
    }

    /** A growable array of 32-byte hashes in one byte array. */
    private static final class HashArray {
        private byte[] bytes = new byte[TreeHasher.HASH_SIZE * 16];
        private int count;

        void add(byte[] hash) {
            int at = count * TreeHasher.HASH_SIZE;
            if (at + TreeHasher.HASH_SIZE > bytes.length) {
                if (bytes.length > Integer.MAX_VALUE / 2) {
                    throw new IllegalStateException("in-memory tree is full");
                }
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            System.arraycopy(hash, 0, bytes, at, TreeHasher.HASH_SIZE);
            count++;
        }

        byte[] get(int i) {
            int at = i * TreeHasher.HASH_SIZE;
            return Arrays.copyOfRange(bytes, at, at + TreeHasher.HASH_SIZE);
        }

        int count() {
            return count;
        }
    }
}
