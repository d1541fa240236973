package io.auditsearch.integrity;

import io.auditsearch.event.PreparedEvent;
import io.auditsearch.integrity.JournalEntry.State;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The attribution journal, {@code $AUDIT_DATA_DIR/integrity/journal.db}: SQLite in WAL mode with
 * {@code synchronous=FULL}. The delivery path records every batch here before it goes to
 * Elasticsearch or the spool, and only journaled events are ever integrated into this instance's
 * logs. One thread owns the connection; records and outcomes that wait while it commits go into the
 * next transaction together (group commit), as in the spool.
 */
class Journal implements AutoCloseable {

    /**
     * Pinned to the id index: left to itself SQLite picks {@code journal_leaf (log=?)} and reads every
     * leaf of the log for each id, so each round of the sequencer grew with the log.
     */
    static final String LEAF_OF_ID = "SELECT leaf FROM journal INDEXED BY journal_id WHERE id = ? AND log = ? AND state = 4 LIMIT 1";

    private final SqliteOwner db;

    Journal(Path file) {
        db = new SqliteOwner(file, "audit-integrity-journal", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL,"
                        + " idx TEXT NOT NULL, tenant TEXT, state INTEGER NOT NULL, recorded_at INTEGER NOT NULL,"
                        + " stored_at INTEGER, log TEXT, leaf INTEGER)");
                s.execute("CREATE INDEX IF NOT EXISTS journal_open ON journal (seq) WHERE state < 3");
                s.execute("CREATE INDEX IF NOT EXISTS journal_id ON journal (id)");
                s.execute("CREATE INDEX IF NOT EXISTS journal_leaf ON journal (log, leaf)");
            }
            return null;
        });
    }

    /** Journals events about to be written; completes once the transaction is on disk. */
    CompletableFuture<Void> record(List<PreparedEvent> events) {
        long now = System.currentTimeMillis();
        return db.grouped(c -> {
            try (PreparedStatement i = c.prepareStatement(
                    "INSERT INTO journal (id, idx, tenant, state, recorded_at) VALUES (?, ?, ?, 0, ?)")) {
                for (PreparedEvent e : events) {
                    i.setString(1, e.id());
                    i.setString(2, e.index());
                    i.setString(3, TenantField.of(e.source()));
                    i.setLong(4, now);
                    i.addBatch();
                }
                i.executeBatch();
            }
            return null;
        });
    }

    /** Records what became of events (stored, spooled or dropped); committed with the next group, not awaited. */
    void outcome(Collection<String> ids, State state) {
        if (ids.isEmpty() || !db.open()) {
            return;
        }
        long now = System.currentTimeMillis();
        db.grouped(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE journal SET state = ?,"
                    + " stored_at = CASE WHEN ? = 1 THEN coalesce(stored_at, ?) ELSE stored_at END WHERE id = ? AND state IN (0, 2)")) {
                for (String id : ids) {
                    u.setInt(1, state.code);
                    u.setInt(2, state.code);
                    u.setLong(3, now);
                    u.setString(4, id);
                    u.addBatch();
                }
                u.executeBatch();
            }
            return null;
        });
    }

    /** The entries not yet integrated or dropped, in journal order. */
    List<JournalEntry> pending(int limit) {
        return db.call(c -> {
            List<JournalEntry> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT seq, id, idx, tenant, state, recorded_at, stored_at"
                    + " FROM journal WHERE state < 3 ORDER BY seq LIMIT ?")) {
                q.setInt(1, limit);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        long stored = r.getLong(7);
                        Instant storedAt = r.wasNull() ? null : Instant.ofEpochMilli(stored);
                        out.add(new JournalEntry(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                                State.of(r.getInt(5)), Instant.ofEpochMilli(r.getLong(6)), storedAt));
                    }
                }
            }
            return out;
        });
    }

    long pendingCount() {
        return db.call(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM journal WHERE state < 3")) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    /** Up to {@code limit} entries after {@code seq}, in journal order, whatever their state (the streams' feed). */
    List<JournalFeed.Entry> after(long seq, int limit) {
        return db.call(c -> {
            List<JournalFeed.Entry> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT seq, id, idx, tenant, state, recorded_at, log, leaf"
                    + " FROM journal WHERE seq > ? ORDER BY seq LIMIT ?")) {
                q.setLong(1, seq);
                q.setInt(2, limit);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        long leaf = r.getLong(8);
                        Long leafOrNull = r.wasNull() ? null : leaf;
                        out.add(new JournalFeed.Entry(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                                JournalFeed.Outcome.of(State.of(r.getInt(5))), Instant.ofEpochMilli(r.getLong(6)), r.getString(7), leafOrNull));
                    }
                }
            }
            return out;
        });
    }

    /** The highest seq journaled (0: none). */
    long lastSeq() {
        return db.call(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT coalesce(max(seq), 0) FROM journal")) {
                return r.next() ? r.getLong(1) : 0L;
            }
        });
    }

    /** The seq just before the first entry recorded at or after {@code from} (the cursor that replays from there). */
    long seqBefore(Instant from) {
        return db.call(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT min(seq) FROM journal WHERE recorded_at >= ?")) {
                q.setLong(1, from.toEpochMilli());
                try (ResultSet r = q.executeQuery()) {
                    long first = r.next() ? r.getLong(1) : 0;
                    return r.wasNull() ? lastSeqUnlocked(c) : first - 1;
                }
            }
        });
    }

    private static long lastSeqUnlocked(java.sql.Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT coalesce(max(seq), 0) FROM journal")) {
            return r.next() ? r.getLong(1) : 0L;
        }
    }

    /** The leaf each of these ids already has in the log, if integrated there. */
    Map<String, Long> integratedLeaves(String log, Collection<String> ids) {
        return db.call(c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement q = c.prepareStatement(LEAF_OF_ID)) {
                for (String id : ids) {
                    q.setString(1, id);
                    q.setString(2, log);
                    try (ResultSet r = q.executeQuery()) {
                        if (r.next()) {
                            out.put(id, r.getLong(1));
                        }
                    }
                }
            }
            return out;
        });
    }

    /** The log's size as far as the journal knows (highest integrated leaf + 1). */
    long integratedSize(String log) {
        return db.call(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT max(leaf) FROM journal WHERE log = ? AND state = 4")) {
                q.setString(1, log);
                try (ResultSet r = q.executeQuery()) {
                    long max = r.next() ? r.getLong(1) : -1;
                    return r.wasNull() ? 0L : max + 1;
                }
            }
        });
    }

    /** Marks entries integrated at their leaves ({@code seq -> leaf}); pending entries of an integrated id likewise. */
    void integrated(String log, Map<Long, Long> leaves, Map<String, Long> byId) {
        db.call(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE journal SET state = 4, log = ?, leaf = ? WHERE seq = ?");
                 PreparedStatement ids = c.prepareStatement(
                         "UPDATE journal SET state = 4, log = ?, leaf = ? WHERE id = ? AND state < 3")) {
                for (Map.Entry<Long, Long> e : leaves.entrySet()) {
                    u.setString(1, log);
                    u.setLong(2, e.getValue());
                    u.setLong(3, e.getKey());
                    u.addBatch();
                }
                u.executeBatch();
                for (Map.Entry<String, Long> e : byId.entrySet()) {
                    ids.setString(1, log);
                    ids.setLong(2, e.getValue());
                    ids.setString(3, e.getKey());
                    ids.addBatch();
                }
                ids.executeBatch();
            }
            return null;
        });
    }

    /** Marks entries dropped: they are never integrated. */
    void dropped(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        db.call(c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE journal SET state = 3 WHERE seq = ?")) {
                for (long seq : seqs) {
                    u.setLong(1, seq);
                    u.addBatch();
                }
                u.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void close() {
        db.close();
    }
}
