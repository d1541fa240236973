package io.auditsearch.verify.tiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiles kept as files under a directory, at their tlog-tiles paths (as a static log serves them). */
public final class DirectoryTiles implements TileReader {
    private final Path root;

    public DirectoryTiles(Path root) {
        this.root = root;
    }

    @Override
    public byte[] readTile(Tile tile) throws IOException {
        Path partial = root.resolve(tile.path());
        if (!tile.isFull() && !Files.exists(partial)) {
            // Logs may delete a partial tile once the full one exists; its prefix has the same hashes.
            Path full = root.resolve(new Tile(tile.level(), tile.index(), Tile.FULL_WIDTH).path());
            if (Files.exists(full)) {
                return Files.readAllBytes(full);
            }
            // A wider partial tile of a later tree size starts with the same hashes too.
            Path widths = partial.getParent();
            if (Files.isDirectory(widths)) {
                try (var files = Files.list(widths)) {
                    var wider = files.map(f -> f.getFileName().toString())
                            .filter(w -> w.matches("[1-9][0-9]{0,2}") && Integer.parseInt(w) > tile.width())
                            .min(java.util.Comparator.comparingInt(Integer::parseInt));
                    if (wider.isPresent()) {
                        return Files.readAllBytes(widths.resolve(wider.get()));
                    }
                }
            }
        }
        return Files.readAllBytes(partial);
    }

    /** Writes one tile's bytes at its path. */
    public void write(Tile tile, byte[] data) throws IOException {
        if (data.length != tile.width() * 32) {
            throw new IllegalArgumentException("tile " + tile.path() + " needs " + tile.width() * 32 + " bytes");
        }
        Path file = root.resolve(tile.path());
        Files.createDirectories(file.getParent());
        Files.write(file, data);
    }
}
