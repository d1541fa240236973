package io.auditsearch.verify.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The published transparency-dev/merkle vectors (src/test/resources/transparency-dev, Apache 2.0):
 * every file verifies or fails as it says, the corruptions of verify_test.go applied to every happy
 * path fail, and the proofs this module builds are byte for byte the published ones.
 */
@Tag("unit")
class MerkleVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "/transparency-dev/";
    private static final byte[] SOME_HASH = HexFormat.of()
            .parseHex("abacaba000000000000000000000000000000000000000000060061e00123456");
    private static final byte[] EMPTY_TREE = new TreeHasher().emptyRoot();

    private final ProofVerifier verifier = new ProofVerifier();

    static List<String> vectorFiles(String kind) {
        try (InputStream in = MerkleVectorsTest.class.getResourceAsStream(BASE + "merkle/testdata/index.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(p -> p.startsWith("merkle/testdata/" + kind + "/")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String path) {
        try (InputStream in = MerkleVectorsTest.class.getResourceAsStream(BASE + path)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] b64(JsonNode n) {
        return Base64.getDecoder().decode(n.asText());
    }

    static List<byte[]> proof(JsonNode n) {
        List<byte[]> out = new ArrayList<>();
        n.path("proof").forEach(p -> out.add(b64(p)));
        return out;
    }

    // Sizes and indexes are uint64 upstream; 2^64-1 becomes -1 here, which is as invalid.
    static long u64(JsonNode n) {
        return n.bigIntegerValue().longValue();
    }

    @TestFactory
    Stream<DynamicTest> inclusionFilesVerifyAsTheySay() {
        List<String> files = vectorFiles("inclusion");
        assertTrue(files.size() >= 20, "vector files found: " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f, () -> {
            JsonNode v = read(f);
            boolean ok = verifier.verifyInclusion(u64(v.get("leafIdx")), u64(v.get("treeSize")), b64(v.get("leafHash")),
                    proof(v), b64(v.get("root")));
            assertEquals(!v.get("wantErr").asBoolean(), ok, v.get("desc").asText());
        }));
    }

    @TestFactory
    Stream<DynamicTest> consistencyFilesVerifyAsTheySay() {
        List<String> files = vectorFiles("consistency");
        assertTrue(files.size() >= 20, "vector files found: " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f, () -> {
            JsonNode v = read(f);
            boolean ok = verifier.verifyConsistency(u64(v.get("size1")), u64(v.get("size2")), b64(v.get("root1")),
                    b64(v.get("root2")), proof(v));
            assertEquals(!v.get("wantErr").asBoolean(), ok, v.get("desc").asText());
        }));
    }

    @TestFactory
    Stream<DynamicTest> corruptedInclusionHappyPathsFail() {
        return vectorFiles("inclusion").stream().filter(f -> f.endsWith("happy-path.json")).map(f -> DynamicTest.dynamicTest(f, () -> {
            JsonNode v = read(f);
            long index = u64(v.get("leafIdx"));
            long size = u64(v.get("treeSize"));
            byte[] leaf = b64(v.get("leafHash"));
            byte[] root = b64(v.get("root"));
            List<byte[]> proof = proof(v);
            assertTrue(verifier.verifyInclusion(index, size, leaf, proof, root));
            assertFalse(verifier.verifyInclusion(index - 1, size, leaf, proof, root), "leafIndex - 1");
            assertFalse(verifier.verifyInclusion(index + 1, size, leaf, proof, root), "leafIndex + 1");
            assertFalse(verifier.verifyInclusion(index ^ 2, size, leaf, proof, root), "leafIndex ^ 2");
            assertFalse(verifier.verifyInclusion(index, size * 2, leaf, proof, root), "treeSize * 2");
            assertFalse(verifier.verifyInclusion(index, size / 2, leaf, proof, root), "treeSize / 2");
            assertFalse(verifier.verifyInclusion(index, size, "WrongLeaf".getBytes(), proof, root), "wrong leaf");
            assertFalse(verifier.verifyInclusion(index, size, leaf, proof, EMPTY_TREE), "empty root");
            assertFalse(verifier.verifyInclusion(index, size, leaf, proof, SOME_HASH), "random root");
            assertFalse(verifier.verifyInclusion(index, size, leaf, with(proof, proof.size(), new byte[0]), root), "trailing garbage");
            assertFalse(verifier.verifyInclusion(index, size, leaf, with(proof, proof.size(), root), root), "trailing root");
            assertFalse(verifier.verifyInclusion(index, size, leaf, with(proof, 0, new byte[0]), root), "preceding garbage");
            assertFalse(verifier.verifyInclusion(index, size, leaf, with(proof, 0, root), root), "preceding root");
            for (int i = 0; i < proof.size(); i++) {
                assertFalse(verifier.verifyInclusion(index, size, leaf, flipped(proof, i, 8), root), "modified proof[" + i + "]");
            }
            if (!proof.isEmpty()) {
                assertFalse(verifier.verifyInclusion(index, size, leaf, proof.subList(0, proof.size() - 1), root), "removed");
            }
            if (proof.size() > 1) {
                assertFalse(verifier.verifyInclusion(index, size, leaf, with(proof, 1, SOME_HASH), root), "inserted");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> corruptedConsistencyHappyPathsFail() {
        return vectorFiles("consistency").stream().filter(f -> f.endsWith("happy-path.json")).map(f -> DynamicTest.dynamicTest(f, () -> {
            JsonNode v = read(f);
            long s1 = u64(v.get("size1"));
            long s2 = u64(v.get("size2"));
            byte[] r1 = b64(v.get("root1"));
            byte[] r2 = b64(v.get("root2"));
            List<byte[]> proof = proof(v);
            assertTrue(verifier.verifyConsistency(s1, s2, r1, r2, proof));
            if (proof.isEmpty()) {
                return; // as upstream: only non-trivial proofs are corrupted
            }
            assertFalse(verifier.verifyConsistency(s1 - 1, s2, r1, r2, proof), "size1 - 1");
            assertFalse(verifier.verifyConsistency(s1 + 1, s2, r1, r2, proof), "size1 + 1");
            assertFalse(verifier.verifyConsistency(s1 ^ 2, s2, r1, r2, proof), "size1 ^ 2");
            assertFalse(verifier.verifyConsistency(s1, s2 * 2, r1, r2, proof), "size2 * 2");
            assertFalse(verifier.verifyConsistency(s1, s2 / 2, r1, r2, proof), "size2 / 2");
            assertFalse(verifier.verifyConsistency(s1, s2, SOME_HASH, r2, proof), "wrong root1");
            assertFalse(verifier.verifyConsistency(s1, s2, r1, SOME_HASH, proof), "wrong root2");
            assertFalse(verifier.verifyConsistency(s1, s2, r2, r1, proof), "swapped roots");
            assertFalse(verifier.verifyConsistency(s1, s2, r1, r2, List.of()), "empty proof");
            assertFalse(verifier.verifyConsistency(s1, s2, r1, r2, with(proof, proof.size(), new byte[0])), "trailing garbage");
            assertFalse(verifier.verifyConsistency(s1, s2, r1, r2, with(proof, proof.size(), r1)), "trailing root1");
            assertFalse(verifier.verifyConsistency(s1, s2, r1, r2, with(proof, proof.size(), r2)), "trailing root2");
            assertFalse(verifier.verifyConsistency(s1, s2, r1, r2, with(proof, 0, new byte[0])), "preceding garbage");
            assertFalse(verifier.verifyConsistency(s1, s2, r1, r2, with(proof, 0, r1)), "preceding root1");
            assertFalse(verifier.verifyConsistency(s1, s2, r1, r2, with(proof, 0, r2)), "preceding root2");
            assertFalse(verifier.verifyConsistency(s1, s2, r1, r2, with(proof, 0, proof.get(0))), "preceding proof[0]");
            assertFalse(verifier.verifyConsistency(s1, s2, r1, r2, proof.subList(0, proof.size() - 1)), "truncated");
            for (int i = 0; i < proof.size(); i++) {
                assertFalse(verifier.verifyConsistency(s1, s2, r1, r2, flipped(proof, i, 16)), "modified proof[" + i + "]");
            }
        }));
    }

    /** The leaves of verify_test.go, whose trees the vectors describe. */
    static MerkleTree referenceTree() {
        MerkleTree tree = new MerkleTree();
        for (String hex : List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                "606162636465666768696a6b6c6d6e6f")) {
            tree.appendEntry(HexFormat.of().parseHex(hex));
        }
        return tree;
    }

    @Test
    void rootsOfEveryPrefixAreThePublishedOnes() {
        List<String> roots = List.of(
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
        MerkleTree tree = referenceTree();
        for (int size = 1; size <= 8; size++) {
            assertEquals(roots.get(size - 1), HexFormat.of().formatHex(tree.rootAt(size)), "size " + size);
        }
        assertArrayEquals(EMPTY_TREE, tree.rootAt(0));
    }

    @TestFactory
    Stream<DynamicTest> builtProofsAreThePublishedOnes() {
        MerkleTree tree = referenceTree();
        Stream<DynamicTest> inclusion = vectorFiles("inclusion").stream().filter(f -> f.endsWith("happy-path.json"))
                .map(f -> DynamicTest.dynamicTest(f, () -> {
                    JsonNode v = read(f);
                    List<byte[]> built = Proofs.inclusion(tree, u64(v.get("leafIdx")), u64(v.get("treeSize")));
                    assertProofEquals(proof(v), built);
                    assertArrayEquals(b64(v.get("leafHash")), tree.leafHash(u64(v.get("leafIdx"))));
                }));
        Stream<DynamicTest> consistency = vectorFiles("consistency").stream().filter(f -> f.endsWith("happy-path.json"))
                .map(f -> DynamicTest.dynamicTest(f, () -> {
                    JsonNode v = read(f);
                    assertProofEquals(proof(v), Proofs.consistency(tree, u64(v.get("size1")), u64(v.get("size2"))));
                }));
        return Stream.concat(inclusion, consistency);
    }

    static void assertProofEquals(List<byte[]> want, List<byte[]> got) {
        assertEquals(want.size(), got.size(), "proof length");
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), "proof[" + i + "]");
        }
    }

    static List<byte[]> with(List<byte[]> proof, int at, byte[] extra) {
        List<byte[]> out = new ArrayList<>(proof);
        out.add(at, extra);
        return out;
    }

    static List<byte[]> flipped(List<byte[]> proof, int i, int mask) {
        List<byte[]> out = new ArrayList<>(proof);
        byte[] h = out.get(i).clone();
        h[0] ^= (byte) mask;
        out.set(i, h);
        return out;
    }
}
