package io.auditsearch.verify.tiles;

/**
 * One tile of a C2SP tlog-tiles log: the {@code index}-th tile at {@code level}, holding
 * {@code width} consecutive Merkle Tree Hashes (256 in a full tile, 1 to 255 in a partial one).
 * At level 0 the hashes are leaf hashes; at level {@code l} each is the hash of a full tile at
 * level {@code l - 1}, so it covers {@code 256^l} leaves.
 */
public record Tile(int level, long index, int width) {
    /** Hashes in a full tile. */
    public static final int FULL_WIDTH = 256;
    /** Tree levels spanned by one tile (256 = 2^8). */
    public static final int HEIGHT = 8;

    public Tile {
        if (level < 0 || level > 63) {
            throw new IllegalArgumentException("tile level " + level + " is not in 0..63");
        }
        if (index < 0) {
            throw new IllegalArgumentException("negative tile index " + index);
        }
        if (width < 1 || width > FULL_WIDTH) {
            throw new IllegalArgumentException("tile width " + width + " is not in 1..256");
        }
    }

    public boolean isFull() {
        return width == FULL_WIDTH;
    }

    /** The tile's path under the log's prefix: {@code tile/<L>/<N>[.p/<W>]}. */
    public String path() {
        return "tile/" + level + "/" + TilePaths.encodeIndex(index) + (isFull() ? "" : ".p/" + width);
    }

    /** The path of the entry bundle with the same index and width: {@code tile/entries/<N>[.p/<W>]}. */
    public String entriesPath() {
        return "tile/entries/" + TilePaths.encodeIndex(index) + (isFull() ? "" : ".p/" + width);
    }

    /**
     * The tiles that make up the tree of {@code treeSize} leaves: at each level, the full tiles and
     * at most one partial tile of {@code floor(treeSize / 256^level) mod 256} hashes (none if 0).
     */
    public static java.util.List<Tile> forTreeSize(long treeSize) {
        java.util.List<Tile> tiles = new java.util.ArrayList<>();
        for (int level = 0; level < 8; level++) {
            long hashes = treeSize >>> (HEIGHT * level);
            if (hashes == 0) {
                break;
            }
            for (long n = 0; n < hashes / FULL_WIDTH; n++) {
                tiles.add(new Tile(level, n, FULL_WIDTH));
            }
            if (hashes % FULL_WIDTH != 0) {
                tiles.add(new Tile(level, hashes / FULL_WIDTH, (int) (hashes % FULL_WIDTH)));
            }
        }
        return tiles;
    }

    /** The tile {@code (level, index)} as it is in the tree of {@code treeSize} leaves. */
    public static Tile in(long treeSize, int level, long index) {
        long hashes = treeSize >>> (HEIGHT * level);
        long before = index * FULL_WIDTH;
        if (hashes <= before) {
            throw new IllegalArgumentException("tile " + level + "/" + index + " is empty at tree size " + treeSize);
        }
        return new Tile(level, index, (int) Math.min(FULL_WIDTH, hashes - before));
    }
}
