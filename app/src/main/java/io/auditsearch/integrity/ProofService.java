package io.auditsearch.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.problem.ApiException;
import io.auditsearch.verify.checkpoint.ConsistencyStep;
import io.auditsearch.verify.checkpoint.TlogProof;
import io.auditsearch.verify.json.CanonicalJson;
import io.auditsearch.verify.json.InvalidJsonException;
import io.auditsearch.verify.merkle.ProofException;
import io.auditsearch.verify.merkle.ProofVerifier;
import io.auditsearch.verify.merkle.TreeHasher;
import io.auditsearch.verify.tiles.Tile;
import io.auditsearch.verify.tiles.TileHashSource;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proofs served by the API, all built from the integrity indices and checked by nobody but the
 * caller: an event's inclusion proof (and C2SP tlog-proof), a consistency step between two
 * checkpoints, a tile. Logs a tenant-bound caller may not see are answered like missing ones.
 */
@Singleton
class ProofService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntegrityStore store;
    private final EventReader events;

    ProofService(IntegrityStore store, EventReader events) {
        this.store = store;
        this.events = events;
    }

    /** The latest checkpoint of a log the caller may see. */
    StoredCheckpoint latest(String log, Optional<String> tenant) {
        visible(log, tenant);
        return store.latestCheckpoint(log).orElseThrow(() -> notFound("no checkpoint of log " + log));
    }

    StoredCheckpoint at(String log, long size, Optional<String> tenant) {
        visible(log, tenant);
        return store.checkpoint(log, size).orElseThrow(() -> notFound("no checkpoint of log " + log + " at tree size " + size));
    }

    /** The event's proof against its log's latest checkpoint. */
    Map<String, Object> eventProof(String eventId, Optional<String> log, Optional<String> tenant) {
        Map<String, Long> leaves = store.leaves(eventId);
        Map.Entry<String, Long> at = leaves.entrySet().stream()
                .filter(e -> log.map(e.getKey()::equals).orElse(true) && canSee(e.getKey(), tenant))
                .findFirst().orElseThrow(() -> notFound("event " + eventId + " is not (yet) in a log you may see"));
        StoredCheckpoint checkpoint = latest(at.getKey(), tenant);
        if (at.getValue() >= checkpoint.size()) {
            throw notFound("event " + eventId + " is not yet covered by a checkpoint of " + at.getKey());
        }
        ObjectNode event = events.byId(eventId).orElseThrow(() -> notFound("event " + eventId + " is not in Elasticsearch"));
        byte[] canonical;
        try {
            canonical = CanonicalJson.canonicalize(JSON.writeValueAsBytes(event));
        } catch (InvalidJsonException | IOException e) {
            throw new IllegalStateException("stored event " + eventId + " is not canonicalizable: " + e.getMessage(), e);
        }
        List<byte[]> inclusion = inclusion(at.getKey(), at.getValue(), checkpoint.size());
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            out.put("event", JSON.readTree(canonical));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.put("log", at.getKey());
        out.put("leaf_index", at.getValue());
        out.put("tree_size", checkpoint.size());
        out.put("inclusion", inclusion.stream().map(Base64.getEncoder()::encodeToString).toList());
        out.put("checkpoint", checkpoint.note());
        out.put("tlog_proof", new TlogProof(null, at.getValue(), inclusion, checkpoint.note()).encode());
        out.put("matches_checkpoint", matches(canonical, at.getValue(), checkpoint, inclusion));
        return out;
    }

    List<byte[]> inclusion(String log, long leaf, long size) {
        return io.auditsearch.verify.merkle.Proofs.inclusion(new TileHashSource(t -> store.readTile(log, t), size), leaf, size);
    }

    /** The verify module's tlog-witness step from {@code from} to the checkpoint at {@code to}. */
    String consistency(String log, long from, long to, Optional<String> tenant) {
        StoredCheckpoint target = at(log, to, tenant);
        if (from < 0 || from > to) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_range", "Invalid range", "from must be in 0.." + to);
        }
        List<byte[]> proof = io.auditsearch.verify.merkle.Proofs.consistency(
                new TileHashSource(t -> store.readTile(log, t), to), from, to);
        return new ConsistencyStep(from, proof, target.note()).encode();
    }

    /** A tile of a visible log, exactly {@code width * 32} bytes. */
    byte[] tile(String log, Tile tile, Optional<String> tenant) {
        visible(log, tenant);
        try {
            return Arrays.copyOf(store.readTile(log, tile), tile.width() * TreeHasher.HASH_SIZE);
        } catch (IOException e) {
            throw notFound(e.getMessage());
        }
    }

    private static boolean matches(byte[] canonical, long leaf, StoredCheckpoint c, List<byte[]> inclusion) {
        try {
            byte[] root = new ProofVerifier().rootFromInclusionProof(leaf, c.size(), new TreeHasher().leafHash(canonical), inclusion);
            return MessageDigest.isEqual(root, c.root());
        } catch (ProofException e) {
            return false;
        }
    }

    /** A tenant-bound caller sees the logs of its tenant only (origin {@code <name>/<instance>/<tenant>}). */
    static boolean canSee(String log, Optional<String> tenant) {
        return tenant.map(t -> log.endsWith("/" + LogIdentity.tenantPart(t))).orElse(true);
    }

    private static void visible(String log, Optional<String> tenant) {
        if (!canSee(log, tenant)) {
            throw notFound("no log " + log);
        }
    }

    static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", "Not found", detail);
    }
}
