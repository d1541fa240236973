package io.auditsearch.verify.tiles;

import java.io.IOException;

/**
 * Reads tiles from wherever a log keeps them: files, HTTP, Elasticsearch. What it returns is not
 * trusted: a proof built from it is checked against a signed checkpoint's root.
 */
@FunctionalInterface
public interface TileReader {
    /**
     * The tile's {@code width * 32} bytes. A reader may return a wider version of the tile (a later
     * partial one or the full one) when a partial one is asked for: its first {@code width} hashes
     * are the same.
     *
     * @throws IOException when the tile cannot be read
     */
    byte[] readTile(Tile tile) throws IOException;
}
