package io.auditsearch.verify.tiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.verify.merkle.MerkleTree;
import io.auditsearch.verify.merkle.ProofVerifier;
import io.auditsearch.verify.merkle.Proofs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proofs built from tiles are the proofs built from the whole tree, and tampered tiles are caught. */
@Tag("unit")
class TileHashSourceTest {
    static MerkleTree tree(long n) {
        MerkleTree tree = new MerkleTree();
        for (long i = 0; i < n; i++) {
            tree.appendEntry(("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        return tree;
    }

    static Map<Tile, byte[]> tiles(MerkleTree tree, long size) {
        Map<Tile, byte[]> tiles = new HashMap<>();
        for (Tile t : Tile.forTreeSize(size)) {
            tiles.put(t, TileBuilder.tileData(tree, t));
        }
        return tiles;
    }

    @Test
    void proofsFromTilesEqualProofsFromTheTree() {
        MerkleTree tree = tree(70_000);
        for (long size : new long[] {1, 2, 255, 256, 257, 511, 65_536, 65_537, 69_999, 70_000}) {
            Map<Tile, byte[]> tiles = tiles(tree, size);
            TileHashSource source = new TileHashSource(tiles::get, size);
            assertArrayEquals(tree.rootAt(size), source.root(), "root at " + size);
            for (long index : new long[] {0, size / 3, size / 2, size - 1}) {
                assertProofs(Proofs.inclusion(tree, index, size), Proofs.inclusion(source, index, size));
            }
            for (long old : new long[] {1, size / 2, size - 1}) {
                if (old >= 1 && old < size) {
                    assertProofs(Proofs.consistency(tree, old, size), Proofs.consistency(source, old, size));
                }
            }
        }
    }

    @Test
    void aTamperedTileMakesTheProofFail(@TempDir Path dir) throws Exception {
        long size = 1000;
        MerkleTree tree = tree(size);
        DirectoryTiles files = new DirectoryTiles(dir);
        for (Map.Entry<Tile, byte[]> e : tiles(tree, size).entrySet()) {
            files.write(e.getKey(), e.getValue());
        }
        ProofVerifier verifier = new ProofVerifier();
        List<byte[]> proof = Proofs.inclusion(new TileHashSource(files, size), 700, size);
        assertTrue(verifier.verifyInclusion(700, size, tree.leafHash(700), proof, tree.root()));

        Path leafTile = dir.resolve("tile/0/002"); // leaves 512..767
        byte[] data = Files.readAllBytes(leafTile);
        data[(701 - 512) * 32] ^= 1; // the sibling of leaf 700
        Files.write(leafTile, data);
        List<byte[]> tampered = Proofs.inclusion(new TileHashSource(files, size), 700, size);
        assertFalse(verifier.verifyInclusion(700, size, tree.leafHash(700), tampered, tree.root()));
    }

    @Test
    void aPartialTileIsReadFromTheFullOneWhenItIsGone(@TempDir Path dir) throws Exception {
        MerkleTree tree = tree(600);
        DirectoryTiles files = new DirectoryTiles(dir);
        for (Map.Entry<Tile, byte[]> e : tiles(tree, 600).entrySet()) {
            files.write(e.getKey(), e.getValue());
        }
        // At size 300 tile 0/001 had 44 hashes and tile 1/000 one; only tile/0/001 and tile/1/000.p/2 exist.
        assertFalse(Files.exists(dir.resolve("tile/0/001.p/44")));
        assertArrayEquals(tree.rootAt(300), new TileHashSource(files, 300).root());
    }

    static void assertProofs(List<byte[]> want, List<byte[]> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i));
        }
    }
}
