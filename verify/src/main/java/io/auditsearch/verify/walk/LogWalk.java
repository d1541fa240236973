package io.auditsearch.verify.walk;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.verify.checkpoint.Checkpoint;
import io.auditsearch.verify.checkpoint.CheckpointException;
import io.auditsearch.verify.checkpoint.SignedCheckpoint;
import io.auditsearch.verify.json.CanonicalJson;
import io.auditsearch.verify.json.InvalidJsonException;
import io.auditsearch.verify.merkle.CompactRange;
import io.auditsearch.verify.merkle.ProofException;
import io.auditsearch.verify.merkle.ProofVerifier;
import io.auditsearch.verify.merkle.Proofs;
import io.auditsearch.verify.merkle.TreeHasher;
import io.auditsearch.verify.note.NoteVerifier;
import io.auditsearch.verify.tiles.Tile;
import io.auditsearch.verify.tiles.TileHashSource;
import io.auditsearch.verify.tiles.TileReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks one log against its latest signed checkpoint, 256 leaves at a time: each stored event,
 * canonicalized and hashed, must be the leaf hash in the level-0 tile; the leaf hashes, folded in
 * order, must give the checkpoint's root; earlier checkpoints (stored ones, and those the auditor
 * kept) must be consistent with it. Collects the ids it saw, for the cluster's insert check, and
 * hands the service's records and the missing events to {@link ServiceRecords}.
 */
final class LogWalk {
    private final IntegrityIndices store;
    private final NoteVerifier verifier;
    private final WalkReport report;
    private final ServiceRecords records;
    private final TreeHasher hasher = new TreeHasher();

    LogWalk(IntegrityIndices store, NoteVerifier verifier, WalkReport report, ServiceRecords records) {
        this.store = store;
        this.verifier = verifier;
        this.report = report;
        this.records = records;
    }

    void walk(String log, String latestNote, List<String> keptNotes, Set<String> seen) throws IOException {
        Checkpoint checkpoint;
        try {
            checkpoint = SignedCheckpoint.open(latestNote, verifier, log).checkpoint();
        } catch (CheckpointException e) {
            report.fail("log " + log + ": its latest checkpoint does not verify: " + e.getMessage());
            return;
        }
        long size = checkpoint.size();
        TileReader tiles = store.tiles(log);
        CompactRange range = new CompactRange();
        for (long n = 0; n * Tile.FULL_WIDTH < size; n++) {
            Tile tile = Tile.in(size, 0, n);
            byte[] hashes = tiles.readTile(tile);
            List<String> ids = store.bundle(log, n);
            if (ids.size() < tile.width()) {
                report.fail("log " + log + " bundle " + n + ": " + ids.size() + " event ids, the checkpoint covers " + tile.width());
            }
            List<String> covered = ids.subList(0, Math.min(ids.size(), tile.width()));
            Map<String, JsonNode> events = store.events(covered);
            for (int i = 0; i < tile.width(); i++) {
                long leaf = n * Tile.FULL_WIDTH + i;
                byte[] expected = Arrays.copyOfRange(hashes, i * 32, i * 32 + 32);
                range.append(expected);
                if (i >= covered.size()) {
                    continue;
                }
                String id = covered.get(i);
                seen.add(id);
                JsonNode hit = events.get(id);
                if (hit == null) {
                    records.missing(log, leaf, id);
                } else if (!MessageDigest.isEqual(expected, hasher.leafHash(canonical(hit.path("_source"))))) {
                    report.modified(log, leaf, id);
                } else if (IntegrityIndices.RECORDS.equals(hit.path("_index").asText())) {
                    records.record(id, hit.path("_source"));
                }
                report.leaf();
            }
        }
        if (!MessageDigest.isEqual(range.root(), checkpoint.rootHash())) {
            report.fail("log " + log + ": its tiles do not lead to the root of its checkpoint at size " + size
                    + " (tiles altered or swapped)");
            return;
        }
        TileHashSource tree = new TileHashSource(tiles, size);
        for (String note : keptNotes) {
            consistent(log, note, checkpoint, tree);
        }
    }

    /** An earlier checkpoint must describe a prefix of the latest tree. */
    private void consistent(String log, String note, Checkpoint latest, TileHashSource tree) {
        Checkpoint old;
        try {
            old = SignedCheckpoint.open(note, verifier, log).checkpoint();
        } catch (CheckpointException e) {
            report.fail("log " + log + ": a checkpoint does not verify: " + e.getMessage());
            return;
        }
        if (old.size() > latest.size()) {
            report.fail("log " + log + ": checkpoint at size " + old.size() + " is larger than the latest (" + latest.size() + ")");
            return;
        }
        try {
            new ProofVerifier().checkConsistency(old.size(), latest.size(), old.rootHash(), latest.rootHash(),
                    Proofs.consistency(tree, old.size(), latest.size()));
            report.consistent();
        } catch (ProofException e) {
            report.fail("log " + log + ": the tree at size " + latest.size() + " is not consistent with the checkpoint at size "
                    + old.size() + " (history rewritten): " + e.getMessage());
        }
    }

    private static byte[] canonical(JsonNode event) throws IOException {
        try {
            return CanonicalJson.canonicalize(ElasticsearchHttp.JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8));
        } catch (InvalidJsonException e) {
            return new byte[0];
        }
    }
}
