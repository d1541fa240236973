package io.auditsearch.verify.tiles;

import io.auditsearch.verify.merkle.HashSource;
import io.auditsearch.verify.merkle.TreeHasher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hashes of a tree of {@code treeSize} leaves read from its tiles, so that
 * {@link io.auditsearch.verify.merkle.Proofs} can build any inclusion or consistency proof (or the
 * root) from a {@link TileReader}. Recently read tiles are kept (a few dozen).
 *
 * <p>Tiles are untrusted input: verify what is built from them against a signed checkpoint.
 */
public final class TileHashSource implements HashSource {
    private static final int CACHED_TILES = 64;

    private final TileReader reader;
    private final long treeSize;
    private final TreeHasher hasher = new TreeHasher();
    private final Map<Tile, byte[]> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Tile, byte[]> eldest) {
            return size() > CACHED_TILES;
        }
    };

    public TileHashSource(TileReader reader, long treeSize) {
        this.reader = reader;
        this.treeSize = treeSize;
    }

    /** The root of the tree: {@code MTH(D[0:treeSize])}. */
    public byte[] root() {
        return treeSize == 0 ? hasher.emptyRoot() : rangeHash(0, treeSize);
    }

    @Override
    public byte[] rangeHash(long start, long end) {
        if (start < 0 || end > treeSize || start >= end) {
            throw new IndexOutOfBoundsException("range [" + start + ", " + end + ") of " + treeSize);
        }
        long n = end - start;
        if (Long.bitCount(n) != 1 || start % n != 0) {
            long k = Long.highestOneBit(n - 1);
            return hasher.nodeHash(rangeHash(start, start + k), rangeHash(start + k, end));
        }
        int height = Long.numberOfTrailingZeros(n);
        int level = height / Tile.HEIGHT;
        int within = height % Tile.HEIGHT;
        long unit = start >>> (Tile.HEIGHT * level); // index among the level's hashes
        Tile tile = Tile.in(treeSize, level, unit / Tile.FULL_WIDTH);
        byte[] data = read(tile);
        int offset = (int) (unit % Tile.FULL_WIDTH);
        byte[][] row = new byte[1 << within][];
        for (int i = 0; i < row.length; i++) {
            int at = (offset + i) * TreeHasher.HASH_SIZE;
            row[i] = Arrays.copyOfRange(data, at, at + TreeHasher.HASH_SIZE);
        }
        for (int width = row.length; width > 1; width /= 2) {
            for (int i = 0; i < width / 2; i++) {
                row[i] = hasher.nodeHash(row[2 * i], row[2 * i + 1]);
            }
        }
        return row[0];
    }

    private byte[] read(Tile tile) {
        byte[] data = cache.get(tile);
        if (data == null) {
            try {
                data = reader.readTile(tile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + tile.path(), e);
            }
            int want = tile.width() * TreeHasher.HASH_SIZE;
            if (data.length < want || data.length % TreeHasher.HASH_SIZE != 0
                    || data.length > Tile.FULL_WIDTH * TreeHasher.HASH_SIZE) {
                throw new UncheckedIOException(new IOException(
                        tile.path() + " has " + data.length + " bytes, not " + want));
            }
            cache.put(tile, data);
        }
        return data;
    }
}
