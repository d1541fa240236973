package io.auditsearch.verify.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.auditsearch.verify.merkle.MerkleTree;
import io.auditsearch.verify.merkle.Proofs;
import io.auditsearch.verify.note.Note;
import io.auditsearch.verify.note.NoteVerifier;
import io.auditsearch.verify.note.SignerKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Checkpoint bodies (C2SP tlog-checkpoint), signed checkpoints, tlog-proofs and consistency steps. */
@Tag("unit")
class CheckpointTest {
    static final String SPEC_EXAMPLE = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
            + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";
    static final String ORIGIN = "audit-search.example/log";

    @Test
    void theSpecExampleParses() throws Exception {
        Checkpoint c = Checkpoint.parse(Note.parse(SPEC_EXAMPLE).text());
        assertEquals("example.com/behind-the-sofa", c.origin());
        assertEquals(20852163, c.size());
        assertArrayEquals(Base64.getDecoder().decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="), c.rootHash());
        assertEquals("example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", c.text());
    }

    @Test
    void extensionLinesAreKept() throws Exception {
        Checkpoint c = Checkpoint.parse("o\n0\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\next one\next two\n");
        assertEquals(List.of("ext one", "ext two"), c.extensions());
        assertEquals("o\n0\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\next one\next two\n", c.text());
    }

    @Test
    void malformedBodiesAreRejected() {
        String root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
        for (String bad : List.of("o\n1\n" + root, "o\n1\n", "\n1\n" + root + "\n", "o\n01\n" + root + "\n",
                "o\n-1\n" + root + "\n", "o\n1x\n" + root + "\n", "o\n\n" + root + "\n", "o\n1\nAAAA\n",
                "o\n1\n" + root + "\n\n", "o\n99999999999999999999\n" + root + "\n")) {
            assertThrows(CheckpointException.class, () -> Checkpoint.parse(bad), bad);
        }
    }

    static MerkleTree tree(int n) {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < n; i++) {
            tree.appendEntry(("e" + i).getBytes(StandardCharsets.UTF_8));
        }
        return tree;
    }

    @Test
    void signedCheckpointOpensWithTheLogKeyOnly() throws Exception {
        SignerKey log = SignerKey.generate(ORIGIN);
        SignerKey other = SignerKey.generate(ORIGIN);
        String signed = SignedCheckpoint.sign(new Checkpoint(ORIGIN, 5, tree(5).root()), List.of(log));
        NoteVerifier trusted = new NoteVerifier(List.of(log.verifierKey()));
        assertEquals(5, SignedCheckpoint.open(signed, trusted, ORIGIN).checkpoint().size());
        assertThrows(CheckpointException.class, () -> SignedCheckpoint.open(signed, trusted, "another/log"));
        assertThrows(CheckpointException.class,
                () -> SignedCheckpoint.open(signed, new NoteVerifier(List.of(other.verifierKey())), ORIGIN));
        assertThrows(CheckpointException.class,
                () -> SignedCheckpoint.open(signed.replace("\n5\n", "\n6\n"), trusted, ORIGIN));
    }

    @Test
    void tlogProofRoundTripsAndVerifies() throws Exception {
        SignerKey log = SignerKey.generate(ORIGIN);
        MerkleTree tree = tree(1000);
        String signed = SignedCheckpoint.sign(new Checkpoint(ORIGIN, 1000, tree.root()), List.of(log));
        TlogProof proof = new TlogProof("ctx".getBytes(StandardCharsets.UTF_8), 737, Proofs.inclusion(tree, 737, 1000), signed);
        String text = proof.encode();
        assertEquals("c2sp.org/tlog-proof@v1\nextra Y3R4\nindex 737\n", text.substring(0, text.indexOf("index 737\n") + 10));
        TlogProof parsed = TlogProof.parse(text);
        assertEquals(text, parsed.encode());
        NoteVerifier trusted = new NoteVerifier(List.of(log.verifierKey()));
        assertEquals(1000, parsed.verify(tree.leafHash(737), trusted, ORIGIN).checkpoint().size());
        assertThrows(CheckpointException.class, () -> parsed.verify(tree.leafHash(736), trusted, ORIGIN));
        assertThrows(CheckpointException.class,
                () -> TlogProof.parse(text.replace("index 737", "index 736")).verify(tree.leafHash(737), trusted, ORIGIN));
        TlogProof noExtra = new TlogProof(null, 0, Proofs.inclusion(tree, 0, 1000), signed);
        assertEquals(noExtra.encode(), TlogProof.parse(noExtra.encode()).encode());
    }

    @Test
    void malformedTlogProofsAreRejected() {
        String h = Base64.getEncoder().encodeToString(new byte[32]);
        for (String bad : List.of("wrong-header\nindex 0\n\ncheckpoint\n", "c2sp.org/tlog-proof@v1\nextra !!\nindex 0\n\nc\n",
                "c2sp.org/tlog-proof@v1\n\n\ncheckpoint\n", "c2sp.org/tlog-proof@v1\nindex x\n\nc\n",
                "c2sp.org/tlog-proof@v1\nindex -5\n\nc\n", "c2sp.org/tlog-proof@v1\nindex 0\n!!\n\nc\n",
                "c2sp.org/tlog-proof@v1\nindex 0\n" + Base64.getEncoder().encodeToString(new byte[64]) + "\n\nc\n",
                "c2sp.org/tlog-proof@v1\nindex 0\n" + h + "\n")) {
            assertThrows(CheckpointException.class, () -> TlogProof.parse(bad), bad);
        }
    }

    @Test
    void consistencyStepsChainCheckpoints() throws Exception {
        SignerKey log = SignerKey.generate(ORIGIN);
        NoteVerifier trusted = new NoteVerifier(List.of(log.verifierKey()));
        MerkleTree tree = tree(900);
        Checkpoint at300 = new Checkpoint(ORIGIN, 300, tree.rootAt(300));
        ConsistencyStep step = new ConsistencyStep(300, Proofs.consistency(tree, 300, 900),
                SignedCheckpoint.sign(new Checkpoint(ORIGIN, 900, tree.root()), List.of(log)));
        ConsistencyStep parsed = ConsistencyStep.parse(step.encode());
        assertEquals(step.encode(), parsed.encode());
        assertEquals(900, parsed.verifyAfter(at300, trusted).checkpoint().size());
        // another history: the same sizes, a different tree
        MerkleTree forked = tree(900);
        forked.appendEntry(new byte[0]);
        Checkpoint forkedAt300 = new Checkpoint(ORIGIN, 300, tree(299).rootAt(299).clone());
        assertThrows(CheckpointException.class, () -> parsed.verifyAfter(
                new Checkpoint(ORIGIN, 300, forkedAt300.rootHash()), trusted));
        assertThrows(CheckpointException.class, () -> parsed.verifyAfter(new Checkpoint(ORIGIN, 301, tree.rootAt(301)), trusted));
        assertThrows(CheckpointException.class, () -> parsed.verifyAfter(new Checkpoint("other", 300, tree.rootAt(300)), trusted));
        assertThrows(CheckpointException.class, () -> ConsistencyStep.parse(step.encode().replace("old 300", "old 0300")));
    }
}
