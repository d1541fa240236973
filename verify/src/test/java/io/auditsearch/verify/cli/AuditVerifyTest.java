package io.auditsearch.verify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.verify.checkpoint.Checkpoint;
import io.auditsearch.verify.checkpoint.ConsistencyStep;
import io.auditsearch.verify.checkpoint.SignedCheckpoint;
import io.auditsearch.verify.export.ExportFixture;
import io.auditsearch.verify.merkle.MerkleTree;
import io.auditsearch.verify.merkle.Proofs;
import io.auditsearch.verify.note.SignerKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands end to end on files: exit codes and what they print. */
@Tag("unit")
class AuditVerifyTest {
    static final String ORIGIN = ExportFixture.ORIGIN;
    @TempDir
    Path dir;
    String output;

    int run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = new AuditVerify(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(List.of(args));
        output = bytes.toString(StandardCharsets.UTF_8);
        return status;
    }

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static MerkleTree tree(int n) {
        MerkleTree t = new MerkleTree();
        for (int i = 0; i < n; i++) {
            t.appendEntry(("e" + i).getBytes(StandardCharsets.UTF_8));
        }
        return t;
    }

    @Test
    void checkpointWithVerifierKeyOrPem() throws Exception {
        SignerKey key = SignerKey.generate(ORIGIN);
        Path cp = write("cp", SignedCheckpoint.sign(new Checkpoint(ORIGIN, 3, tree(3).root()), List.of(key)));
        Path vkey = write("log.vkey", "# audit log key\n" + key.verifierKey().encode() + "\n");
        assertEquals(0, run("checkpoint", "--key", vkey.toString(), cp.toString()), output);
        assertTrue(output.startsWith("OK: log " + ORIGIN + ", tree size 3"), output);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.verifierKey().publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        assertEquals(0, run("checkpoint", "--key", write("log.pem", pem).toString(), cp.toString()), output);
        Path other = write("other.vkey", SignerKey.generate(ORIGIN).verifierKey().encode());
        assertEquals(1, run("checkpoint", "--key", other.toString(), cp.toString()), output);
        assertEquals(1, run("checkpoint", "--key", vkey.toString(), "--origin", "else/where", cp.toString()), output);
        assertEquals(2, run("checkpoint", cp.toString()), output);
    }

    @Test
    void chainOfConsistentCheckpoints() throws Exception {
        SignerKey key = SignerKey.generate(ORIGIN);
        Path vkey = write("log.vkey", key.verifierKey().encode());
        MerkleTree t = tree(1000);
        Path first = write("cp-100", SignedCheckpoint.sign(new Checkpoint(ORIGIN, 100, t.rootAt(100)), List.of(key)));
        Path step1 = write("step-100-700", new ConsistencyStep(100, Proofs.consistency(t, 100, 700),
                SignedCheckpoint.sign(new Checkpoint(ORIGIN, 700, t.rootAt(700)), List.of(key))).encode());
        Path step2 = write("step-700-1000", new ConsistencyStep(700, Proofs.consistency(t, 700, 1000),
                SignedCheckpoint.sign(new Checkpoint(ORIGIN, 1000, t.root()), List.of(key))).encode());
        assertEquals(0, run("chain", "--key", vkey.toString(), first.toString(), step1.toString(), step2.toString()), output);
        assertTrue(output.contains("OK: 2 steps consistent, ending at tree size 1000"), output);
        // a rewritten history: checkpoint 1000 of another tree, with a proof from that tree
        MerkleTree fork = tree(700);
        for (int i = 700; i < 1000; i++) {
            fork.appendEntry(("forged" + i).getBytes(StandardCharsets.UTF_8));
        }
        Path forged = write("step-forged", new ConsistencyStep(700, Proofs.consistency(fork, 700, 1000),
                SignedCheckpoint.sign(new Checkpoint(ORIGIN, 1000, tree(999).root()), List.of(key))).encode());
        assertEquals(1, run("chain", "--key", vkey.toString(), first.toString(), step1.toString(), forged.toString()), output);
        assertTrue(output.contains("FAIL " + forged), output);
        assertEquals(1, run("chain", "--key", vkey.toString(), first.toString(), step2.toString()), output);
    }

    @Test
    void exportExtractAndProof() throws Exception {
        SignerKey key = SignerKey.generate(ORIGIN);
        Path vkey = write("log.vkey", key.verifierKey().encode());
        Path export = dir.resolve("export.ndjson");
        List<String> lines = ExportFixture.write(export, 500, key);
        assertEquals(0, run("export", "--key", vkey.toString(), "--full", export.toString()), output);
        assertTrue(output.contains("OK: 500 events"), output);

        assertEquals(0, run("extract", "--event-id", ExportFixture.eventId(123), export.toString()), output);
        Path proof = write("123.tlog-proof", output);
        Path event = dir.resolve("123.json");
        Files.write(event, ExportFixture.event(123));
        assertEquals(0, run("proof", "--key", vkey.toString(), proof.toString(), event.toString()), output);
        assertTrue(output.startsWith("OK: the event is entry 123 of log " + ORIGIN), output);
        Files.write(event, ExportFixture.event(124));
        assertEquals(1, run("proof", "--key", vkey.toString(), proof.toString(), event.toString()), output);

        lines.set(5, lines.get(5).replace("user5", "mallory"));
        lines.remove(9);
        ExportFixture.rewrite(export, lines);
        assertEquals(1, run("export", "--key", vkey.toString(), export.toString()), output);
        assertTrue(output.contains("FAIL line 6 event " + ExportFixture.eventId(5) + " leaf 5:"), output);
        assertTrue(output.contains("FAIL missing leaf index 9"), output);
    }

    @Test
    void keygenPrintsAMatchingPair() throws Exception {
        assertEquals(0, run("keygen", ORIGIN));
        String[] keys = output.split("\n");
        assertEquals(SignerKey.parse(keys[0]).verifierKey().encode(), keys[1]);
        assertEquals(2, run("nonsense"));
        assertEquals(2, run());
    }
}
