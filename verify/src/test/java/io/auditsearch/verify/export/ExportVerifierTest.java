package io.auditsearch.verify.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.verify.note.NoteVerifier;
import io.auditsearch.verify.note.SignerKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports with proofs: a clean one passes; every kind of damage is reported by line, event and leaf. */
@Tag("unit")
class ExportVerifierTest {
    static SignerKey key;
    @TempDir
    Path dir;

    @BeforeAll
    static void key() throws Exception {
        key = SignerKey.generate(ExportFixture.ORIGIN);
    }

    record Result(ExportReport report, String output) {}

    Result check(Path file, long from, long to, SignerKey trusted) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ExportReport report = new ExportReport(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        new ExportVerifier(new NoteVerifier(List.of(trusted.verifierKey())), ExportFixture.ORIGIN, 2)
                .verify(file, from, to, report);
        report.summary();
        return new Result(report, bytes.toString(StandardCharsets.UTF_8));
    }

    Result check(Path file) throws Exception {
        return check(file, 1, 0, key);
    }

    @Test
    void aCleanExportPasses() throws Exception {
        Path file = dir.resolve("export.ndjson");
        ExportFixture.write(file, 1000, key);
        Result r = check(file, 0, -2, key);
        assertTrue(r.report().clean(), r.output());
        assertEquals(1000, r.report().events());
        assertTrue(r.output().contains("OK: 1000 events"), r.output());
    }

    @Test
    void aChangedEventIsReportedByIdAndLeaf() throws Exception {
        Path file = dir.resolve("export.ndjson");
        List<String> lines = ExportFixture.write(file, 300, key);
        lines.set(41, lines.get(41).replace("\"user.login\"", "\"user.logout\""));
        lines.set(200, lines.get(200).replace("\"attempt\":0", "\"attempt\":1"));
        ExportFixture.rewrite(file, lines);
        Result r = check(file);
        assertEquals(2, r.report().failures(), r.output());
        assertTrue(r.output().contains("FAIL line 42 event " + ExportFixture.eventId(41) + " leaf 41:"), r.output());
        assertTrue(r.output().contains("FAIL line 201 event " + ExportFixture.eventId(200) + " leaf 200:"), r.output());
        assertTrue(r.output().contains("FAILED"), r.output());
    }

    @Test
    void reformattingAnEventKeepsItsHash() throws Exception {
        Path file = dir.resolve("export.ndjson");
        List<String> lines = ExportFixture.write(file, 50, key);
        // members reordered, spaces added, a number spelled differently, an escape written out
        lines.set(7, lines.get(7).replace("{\"@timestamp\"", "{ \"message\" : \"login \u00e9v\u00e9nement 7\" , \"@timestamp\"")
                .replace(",\"message\":\"login \u00e9v\u00e9nement 7\"", "").replace("\"attempt\":2", "\"attempt\":2.0e0"));
        ExportFixture.rewrite(file, lines);
        Result r = check(file);
        assertTrue(r.report().clean(), r.output());
    }

    @Test
    void missingLinesAreListedEveryIndex() throws Exception {
        Path file = dir.resolve("export.ndjson");
        List<String> lines = ExportFixture.write(file, 100, key);
        lines.remove(51);
        lines.remove(50);
        lines.remove(10);
        ExportFixture.rewrite(file, lines);
        Result r = check(file);
        assertEquals(3, r.report().missing(), r.output());
        assertTrue(r.output().contains("FAIL missing leaf index 10\n"), r.output());
        assertTrue(r.output().contains("FAIL missing leaf indexes 50-51"), r.output());
    }

    @Test
    void droppedLinesAtTheEndsShowAgainstTheWholeTree() throws Exception {
        Path file = dir.resolve("export.ndjson");
        List<String> lines = ExportFixture.write(file, 100, key);
        lines.remove(99);
        lines.remove(0);
        ExportFixture.rewrite(file, lines);
        assertTrue(check(file).report().clean(), "min..max of what is there is complete");
        Result whole = check(file, 0, -2, key);
        assertEquals(2, whole.report().missing(), whole.output());
        Result range = check(file, 0, 49, key);
        assertEquals(1, range.report().missing(), range.output());
    }

    @Test
    void swappedOrDuplicatedLeafIndexesFail() throws Exception {
        Path file = dir.resolve("export.ndjson");
        List<String> lines = ExportFixture.write(file, 64, key);
        lines.set(3, lines.get(3).replace("\"leaf_index\":3,", "\"leaf_index\":4,"));
        lines.add(20, lines.get(20));
        ExportFixture.rewrite(file, lines);
        Result r = check(file);
        assertFalse(r.report().clean(), r.output());
        assertTrue(r.output().contains("leaf 4: the event and its inclusion proof do not lead"), r.output());
        assertTrue(r.output().contains("FAIL leaf 20 appears on more than one line"), r.output());
        assertTrue(r.output().contains("FAIL missing leaf index 3"), r.output());
    }

    @Test
    void aTamperedProofFails() throws Exception {
        Path file = dir.resolve("export.ndjson");
        List<String> lines = ExportFixture.write(file, 64, key);
        String line = lines.get(33);
        int at = line.lastIndexOf("\"]}}") - 5;
        char c = line.charAt(at);
        lines.set(33, line.substring(0, at) + (c == 'A' ? 'B' : 'A') + line.substring(at + 1));
        String truncated = lines.get(34).replaceFirst(",\"[A-Za-z0-9+/=]+\"]}}$", "]}}");
        lines.set(34, truncated);
        ExportFixture.rewrite(file, lines);
        Result r = check(file);
        assertEquals(2, r.report().failures(), r.output());
    }

    @Test
    void anUntrustedOrAlteredCheckpointFailsTheFile() throws Exception {
        Path file = dir.resolve("export.ndjson");
        List<String> lines = ExportFixture.write(file, 10, key);
        Result other = check(file, 1, 0, SignerKey.generate(ExportFixture.ORIGIN));
        assertTrue(other.output().contains("FAIL checkpoint: checkpoint signature: no signature by a trusted key"), other.output());
        lines.set(10, lines.get(10).replace("\\n10\\n", "\\n9\\n"));
        ExportFixture.rewrite(file, lines);
        Result altered = check(file);
        assertTrue(altered.output().contains("invalid signature"), altered.output());
        Collections.swap(lines, 9, 10);
        ExportFixture.rewrite(file, lines);
        assertTrue(check(file).output().contains("the last line is not"), "checkpoint must be last");
    }

    @Test
    void garbageLinesAreReported() throws Exception {
        Path file = dir.resolve("export.ndjson");
        List<String> lines = ExportFixture.write(file, 10, key);
        lines.add(2, "not json");
        lines.add(5, "{\"event\":{\"event\":{\"id\":\"x\"}}}");
        ExportFixture.rewrite(file, lines);
        Result r = check(file);
        assertTrue(r.output().contains("FAIL line 3: not valid JSON"), r.output());
        assertTrue(r.output().contains("FAIL line 6 event x: no integrity.leaf_index"), r.output());
    }
}
