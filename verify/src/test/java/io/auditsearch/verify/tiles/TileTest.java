package io.auditsearch.verify.tiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Paths and tile sets, on the examples of C2SP tlog-tiles. */
@Tag("unit")
class TileTest {
    @Test
    void indexIsWrittenInXPrefixedGroupsOfThreeDigits() {
        assertEquals("x001/x234/067", TilePaths.encodeIndex(1234067)); // the spec's example
        assertEquals("000", TilePaths.encodeIndex(0));
        assertEquals("999", TilePaths.encodeIndex(999));
        assertEquals("x001/000", TilePaths.encodeIndex(1000));
        assertEquals("x009/x223/x372/x036/x854/x775/807", TilePaths.encodeIndex(Long.MAX_VALUE));
    }

    @Test
    void pathsOfFullAndPartialTiles() {
        assertEquals("tile/0/x001/x234/067", new Tile(0, 1234067, 256).path());
        assertEquals("tile/2/005.p/17", new Tile(2, 5, 17).path());
        assertEquals("tile/entries/x001/000.p/3", new Tile(0, 1000, 3).entriesPath());
    }

    @Test
    void pathsParseBack() {
        for (Tile t : List.of(new Tile(0, 0, 256), new Tile(1, 1234067, 255), new Tile(63, 999, 1),
                new Tile(3, 1000, 256))) {
            assertEquals(t, TilePaths.parse(t.path()));
        }
    }

    @Test
    void malformedPathsAreRejected() {
        for (String bad : List.of("tile/0/1", "tile/00/000", "tile/0/x001", "tile/0/001/002", "tile/0/x000/001",
                "tile/64/000", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/07", "tile/-1/000",
                "tiles/0/000", "tile/0/x1234/000", "tile/entries/000")) {
            assertThrows(IllegalArgumentException.class, () -> TilePaths.parse(bad), bad);
        }
    }

    @Test
    void aTreeOf70000LeavesHasTheTilesTheSpecLists() {
        // 273 full level-0 tiles, a partial of 112, one full level-1 tile, a partial of 17, a level-2 partial of 1.
        List<Tile> tiles = Tile.forTreeSize(70_000);
        assertEquals(273, tiles.stream().filter(t -> t.level() == 0 && t.isFull()).count());
        assertEquals(List.of(new Tile(0, 273, 112), new Tile(1, 0, 256), new Tile(1, 1, 17), new Tile(2, 0, 1)),
                tiles.subList(273, tiles.size()));
    }

    @Test
    void aTreeOf256LeavesIsOneFullTileAndALevelOnePartial() {
        assertEquals(List.of(new Tile(0, 0, 256), new Tile(1, 0, 1)), Tile.forTreeSize(256));
        assertEquals(List.of(), Tile.forTreeSize(0));
    }

    @Test
    void growingRewritesOnlyNewAndWidenedTiles() {
        assertEquals(List.of(new Tile(0, 0, 256), new Tile(0, 1, 4), new Tile(1, 0, 1)), TileBuilder.newTiles(255, 260));
        assertEquals(List.of(), TileBuilder.newTiles(300, 300));
        assertEquals(Tile.forTreeSize(70_000), TileBuilder.newTiles(0, 70_000));
    }
}
