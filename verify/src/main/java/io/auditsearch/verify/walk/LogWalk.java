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
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    /** Threads reading and hashing chunks ahead, and how many chunks may be under way. */
    private static final int FETCHERS = Math.max(2, Math.min(8, 2 * Runtime.getRuntime().availableProcessors()));
    private static final int LOOK_AHEAD = 2 * FETCHERS;

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
        long chunks = (size + Tile.FULL_WIDTH - 1) / Tile.FULL_WIDTH;
        // chunks of 256 leaves are read and hashed ahead on a few threads (Elasticsearch round trips and
        // RFC 8785 dominate); they are judged, and their leaf hashes folded, in leaf order on this one
        ExecutorService fetchers = Executors.newFixedThreadPool(FETCHERS, r -> {
            Thread t = new Thread(r, "audit-verify-walk");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<Chunk>> ahead = new ArrayDeque<>();
            long next = 0;
            for (long n = 0; n < chunks; n++) {
                while (next < chunks && ahead.size() < LOOK_AHEAD) {
                    long c = next++;
                    ahead.add(fetchers.submit(() -> chunk(log, tiles, size, c)));
                }
                judge(log, n, await(ahead.poll()), range, seen);
            }
        } finally {
            fetchers.shutdownNow();
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

    /** One level-0 tile's leaves: the stored hashes, the bundle's ids, and per leaf the stored event's own hash (null: missing). */
    private record Chunk(Tile tile, byte[] hashes, List<String> ids, byte[][] actual, JsonNode[] records) {
    }

    private Chunk chunk(String log, TileReader tiles, long size, long n) throws IOException {
        Tile tile = Tile.in(size, 0, n);
        byte[] hashes = tiles.readTile(tile);
        List<String> ids = store.bundle(log, n);
        List<String> covered = ids.subList(0, Math.min(ids.size(), tile.width()));
        Map<String, List<JsonNode>> events = store.events(covered);
        TreeHasher own = new TreeHasher();
        byte[][] actual = new byte[covered.size()][];
        JsonNode[] records = new JsonNode[covered.size()];
        for (int i = 0; i < covered.size(); i++) {
            byte[] expected = Arrays.copyOfRange(hashes, i * 32, i * 32 + 32);
            // of several stored copies of an id (other dated indices), the one that is the leaf counts
            for (JsonNode hit : events.getOrDefault(covered.get(i), List.of())) {
                byte[] hash = own.leafHash(canonical(hit.path("_source")));
                if (actual[i] == null || MessageDigest.isEqual(expected, hash)) {
                    actual[i] = hash;
                    records[i] = IntegrityIndices.RECORDS.equals(hit.path("_index").asText()) ? hit.path("_source") : null;
                }
                if (MessageDigest.isEqual(expected, hash)) {
                    break;
                }
            }
        }
        return new Chunk(tile, hashes, ids, actual, records);
    }

    private void judge(String log, long n, Chunk c, CompactRange range, Set<String> seen) {
        if (c.ids().size() < c.tile().width()) {
            report.fail("log " + log + " bundle " + n + ": " + c.ids().size() + " event ids, the checkpoint covers " + c.tile().width());
        }
        for (int i = 0; i < c.tile().width(); i++) {
            long leaf = n * Tile.FULL_WIDTH + i;
            byte[] expected = Arrays.copyOfRange(c.hashes(), i * 32, i * 32 + 32);
            range.append(expected);
            if (i >= c.actual().length) {
                continue;
            }
            String id = c.ids().get(i);
            seen.add(id);
            if (c.actual()[i] == null) {
                records.missing(log, leaf, id);
            } else if (!MessageDigest.isEqual(expected, c.actual()[i])) {
                report.modified(log, leaf, id);
            } else if (c.records()[i] != null) {
                records.record(id, c.records()[i]);
            }
            report.leaf();
        }
    }

    private static Chunk await(Future<Chunk> chunk) throws IOException {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
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
