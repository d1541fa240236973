package io.auditsearch.integrity;

import io.auditsearch.verify.checkpoint.CheckpointException;
import io.auditsearch.verify.checkpoint.SignedCheckpoint;
import io.auditsearch.verify.tiles.Tile;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequencer's logs, one per tenant, each loaded on first use from its latest checkpoint: the
 * newer of the one in Elasticsearch and the one kept on disk, whichever verifies under this
 * instance's keys (a checkpoint document someone wrote into the index does not). Entries a crash
 * left integrated in the log but not marked in the journal are marked from the bundles then.
 */
@Singleton
class LogStates {

    private static final Logger LOG = LoggerFactory.getLogger(LogStates.class);

    private final IntegrityStore store;
    private final SigningKeys keys;
    private final LogIdentity identity;
    private final LogAppender appender;
    private final Map<String, LogState> logs = new ConcurrentHashMap<>();

    LogStates(IntegrityStore store, SigningKeys keys, LogIdentity identity, LogAppender appender) {
        this.store = store;
        this.keys = keys;
        this.identity = identity;
        this.appender = appender;
    }

    Collection<LogState> loaded() {
        return logs.values();
    }

    /** The tenant's log, loaded (and reconciled with the journal) when first asked for. */
    LogState of(String tenant, Journal journal) {
        String origin = identity.origin(tenant);
        LogState state = logs.get(origin);
        if (state == null) {
            state = load(origin, tenant);
            reconcile(state, journal);
            logs.put(origin, state);
        }
        return state;
    }

    private LogState load(String origin, String tenant) {
        Optional<SignedCheckpoint> inStore = store.latestCheckpoint(origin).map(c -> open(c.note(), origin, "Elasticsearch"));
        Optional<SignedCheckpoint> onDisk = appender.keptLatest(tenant).map(n -> open(n, origin, "the data dir"));
        SignedCheckpoint latest = inStore.orElse(null);
        if (onDisk.isPresent() && (latest == null || onDisk.get().checkpoint().size() > latest.checkpoint().size())) {
            latest = onDisk.get();
        }
        if (latest == null) {
            return new LogState(origin, tenant, 0, new byte[0], null);
        }
        LOG.info("Integrity log {} continues at tree size {}", origin, latest.checkpoint().size());
        return new LogState(origin, tenant, latest.checkpoint().size(), latest.checkpoint().rootHash(), Instant.now());
    }

    private SignedCheckpoint open(String note, String origin, String where) {
        try {
            return SignedCheckpoint.open(note, keys.verifier(), origin);
        } catch (CheckpointException e) {
            throw new IllegalStateException("the latest checkpoint of " + origin + " in " + where + " does not verify ("
                    + e.getMessage() + "); the log is not continued", e);
        }
    }

    /** Marks in the journal what the log holds beyond what the journal knows (a crash after the checkpoint). */
    private void reconcile(LogState state, Journal journal) {
        long known = journal.integratedSize(state.log);
        if (known >= state.size) {
            return;
        }
        Map<String, Long> byId = new HashMap<>();
        for (long n = known / Tile.FULL_WIDTH; n * Tile.FULL_WIDTH < state.size; n++) {
            List<String> ids = store.bundle(state.log, n);
            for (int i = 0; i < ids.size(); i++) {
                long leaf = n * Tile.FULL_WIDTH + i;
                if (leaf >= known && leaf < state.size) {
                    byId.put(ids.get(i), leaf);
                }
            }
        }
        journal.integrated(state.log, Map.of(), byId);
        LOG.info("Integrity log {}: {} entries integrated before a restart marked in the journal", state.log, byId.size());
    }
}
