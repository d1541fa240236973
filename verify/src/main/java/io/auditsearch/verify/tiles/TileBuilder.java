package io.auditsearch.verify.tiles;

import io.auditsearch.verify.merkle.HashSource;
import io.auditsearch.verify.merkle.TreeHasher;
import java.util.ArrayList;
import java.util.List;

/** Computes tiles' contents from a log's hashes (e.g. a {@link io.auditsearch.verify.merkle.MerkleTree}). */
public final class TileBuilder {
    private TileBuilder() {}

    /**
     * The tile's bytes: hash {@code i} is {@code MTH(D[(n*256+i)*256^l : (n*256+i+1)*256^l])} for
     * tile {@code n} at level {@code l}.
     */
    public static byte[] tileData(HashSource hashes, Tile tile) {
        byte[] data = new byte[tile.width() * TreeHasher.HASH_SIZE];
        long span = 1L << (Tile.HEIGHT * tile.level());
        long first = tile.index() * Tile.FULL_WIDTH;
        for (int i = 0; i < tile.width(); i++) {
            long start = (first + i) * span;
            System.arraycopy(hashes.rangeHash(start, start + span), 0, data, i * TreeHasher.HASH_SIZE,
                    TreeHasher.HASH_SIZE);
        }
        return data;
    }

    /**
     * The tiles to store when a log grows from {@code oldSize} to {@code newSize}: those of the new
     * tree that did not exist, or were narrower, in the old one. Unchanged tiles are left out.
     */
    public static List<Tile> newTiles(long oldSize, long newSize) {
        if (oldSize < 0 || newSize < oldSize) {
            throw new IllegalArgumentException("a log cannot shrink from " + oldSize + " to " + newSize);
        }
        List<Tile> changed = new ArrayList<>();
        for (Tile tile : Tile.forTreeSize(newSize)) {
            long oldHashes = oldSize >>> (Tile.HEIGHT * tile.level());
            long oldWidth = Math.max(0, Math.min(Tile.FULL_WIDTH, oldHashes - tile.index() * Tile.FULL_WIDTH));
            if (tile.width() != oldWidth) {
                changed.add(tile);
            }
        }
        return changed;
    }
}
