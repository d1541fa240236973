package io.auditsearch.integrity;

import io.auditsearch.verify.checkpoint.Checkpoint;
import io.auditsearch.verify.checkpoint.SignedCheckpoint;
import io.auditsearch.verify.merkle.HashSource;
import io.auditsearch.verify.merkle.MerkleTree;
import io.auditsearch.verify.merkle.ProofException;
import io.auditsearch.verify.merkle.ProofVerifier;
import io.auditsearch.verify.merkle.Proofs;
import io.auditsearch.verify.merkle.TreeHasher;
import io.auditsearch.verify.note.NoteException;
import io.auditsearch.verify.tiles.Tile;
import io.auditsearch.verify.tiles.TileBuilder;
import io.auditsearch.verify.tiles.TileHashSource;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Appends leaves to one log and publishes its new signed checkpoint, in the order that keeps a
 * crash harmless: tiles, then entry bundles, then (after checking from the stored tiles that the new
 * tree extends the previous checkpoint's) the signed checkpoint in Elasticsearch and on disk. A
 * crash before the checkpoint leaves writes past the last checkpoint, which the next round overwrites.
 */
@Singleton
class LogAppender {

    private final IntegrityStore store;
    private final SigningKeys keys;
    private final LogIdentity identity;
    private final CheckpointPublisher publisher;

    LogAppender(IntegrityStore store, SigningKeys keys, LogIdentity identity, CheckpointPublisher publisher) {
        this.store = store;
        this.keys = keys;
        this.identity = identity;
        this.publisher = publisher;
    }

    /** Appends the entries (canonical event bytes) with their event ids; returns the new checkpoint. */
    StoredCheckpoint append(LogState log, List<String> ids, List<byte[]> entries) {
        long old = log.size;
        long size = old + entries.size();
        MerkleTree fresh = new MerkleTree();
        entries.forEach(fresh::appendEntry);
        HashSource before = new TileHashSource(t -> store.readTile(log.log, t), old);
        HashSource tree = new Combined(before, fresh, old);

        Map<Tile, byte[]> tiles = new LinkedHashMap<>();
        for (Tile t : TileBuilder.newTiles(old, size)) {
            tiles.put(t, TileBuilder.tileData(tree, t));
        }
        store.putTiles(log.log, tiles);
        store.putBundles(log.log, bundles(log, ids));

        // what a reader will use: the tiles as stored, checked against the previous signed tree head
        TileHashSource stored = new TileHashSource(t -> store.readTile(log.log, t), size);
        byte[] root = stored.root();
        if (!MessageDigest.isEqual(root, tree.rangeHash(0, size))) {
            throw new IllegalStateException("the stored tiles of " + log.log + " do not give the computed root");
        }
        if (old > 0) {
            try {
                new ProofVerifier().checkConsistency(old, size, log.root, root, Proofs.consistency(stored, old, size));
            } catch (ProofException e) {
                throw new IllegalStateException("tree " + size + " of " + log.log + " is not consistent with checkpoint " + old
                        + ": " + e.getMessage(), e);
            }
        }
        String note;
        try {
            note = SignedCheckpoint.sign(new Checkpoint(log.log, size, root), List.of(keys.signer()));
        } catch (NoteException e) {
            throw new IllegalStateException("cannot sign a checkpoint: " + e.getMessage(), e);
        }
        StoredCheckpoint checkpoint = new StoredCheckpoint(log.log, identity.instanceId(), log.tenant, size, root, note,
                Instant.now(), keys.verifierKey().encode());
        store.putCheckpoint(checkpoint);
        keepFile(log, checkpoint);
        publisher.publish(checkpoint);
        log.size = size;
        log.root = root;
        log.checkpointAt = checkpoint.signedAt();
        return checkpoint;
    }

    /** The bundles the new leaves touch, each with all its ids: the kept part of a partial one first. */
    private Map<Long, List<String>> bundles(LogState log, List<String> ids) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            long leaf = log.size + i;
            long n = leaf / Tile.FULL_WIDTH;
            List<String> bundle = out.get(n);
            if (bundle == null) {
                bundle = new ArrayList<>();
                int kept = (int) (leaf % Tile.FULL_WIDTH);
                if (kept > 0) {
                    // only the ids the last checkpoint covers: a crashed round may have written more
                    List<String> stored = store.bundle(log.log, n);
                    if (stored.size() < kept) {
                        throw new IllegalStateException("bundle " + n + " of " + log.log + " has " + stored.size()
                                + " ids, the checkpoint covers " + kept);
                    }
                    bundle.addAll(stored.subList(0, kept));
                }
                out.put(n, bundle);
            }
            bundle.add(ids.get(i));
        }
        return out;
    }

    /** {@code $AUDIT_DATA_DIR/integrity/checkpoints/<tenant>/<size>} and {@code latest}, written atomically. */
    private void keepFile(LogState log, StoredCheckpoint checkpoint) {
        Path dir = checkpointDir(log.tenant);
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("latest.tmp");
            Files.writeString(tmp, checkpoint.note(), StandardCharsets.UTF_8);
            Files.copy(tmp, dir.resolve(Long.toString(checkpoint.size())), StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, dir.resolve("latest"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep checkpoint " + checkpoint.size() + " in " + dir, e);
        }
    }

    Path checkpointDir(String tenant) {
        return identity.dir().resolve("checkpoints").resolve(LogIdentity.tenantPart(tenant));
    }

    /** The latest checkpoint this instance kept on disk for a tenant's log. */
    Optional<String> keptLatest(String tenant) {
        Path latest = checkpointDir(tenant).resolve("latest");
        try {
            return Files.exists(latest) ? Optional.of(Files.readString(latest, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hashes of the grown tree: before {@code old} from the stored tiles, after it from the new leaves. */
    private record Combined(HashSource before, MerkleTree fresh, long old) implements HashSource {
        @Override
        public byte[] rangeHash(long start, long end) {
            if (end <= old) {
                return before.rangeHash(start, end);
            }
            if (start >= old) {
                return fresh.rangeHash(start - old, end - old);
            }
            long k = Long.highestOneBit(end - start - 1);
            return new TreeHasher().nodeHash(rangeHash(start, start + k), rangeHash(start + k, end));
        }
    }
}
