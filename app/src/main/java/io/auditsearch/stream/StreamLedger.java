package io.auditsearch.stream;

import io.auditsearch.AuditConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * This instance's stream state, {@code $AUDIT_DATA_DIR/streams/streams.db} (SQLite, WAL,
 * {@code synchronous=FULL}): per destination the cursor (the last journal seq the destination
 * acknowledged) and the dead letters (events it refused for good). Cursors are per instance because
 * the journal's order is.
 */
@Singleton
class StreamLedger implements AutoCloseable {

    private final Connection db;

    StreamLedger(AuditConfiguration audit) {
        Path file = audit.dataPath().resolve("streams").resolve("streams.db");
        try {
            Files.createDirectories(file.getParent());
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE IF NOT EXISTS cursors (destination TEXT PRIMARY KEY, seq INTEGER NOT NULL, updated_at INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS dead_letters (destination TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,"
                        + " reason TEXT, refused_at INTEGER NOT NULL, source BLOB NOT NULL, tenant TEXT, log TEXT, leaf INTEGER,"
                        + " PRIMARY KEY (destination, seq))");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the stream state in " + file, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** The destination's cursor, if it has one here. */
    synchronized OptionalLong cursor(String destination) {
        return sql(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT seq FROM cursors WHERE destination = ?")) {
                q.setString(1, destination);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    /** Moves the cursor (after an acknowledgement, or a replay); on disk when this returns. */
    synchronized void moveCursor(String destination, long seq) {
        sql(() -> {
            try (PreparedStatement u = db.prepareStatement("INSERT INTO cursors (destination, seq, updated_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (destination) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at")) {
                u.setString(1, destination);
                u.setLong(2, seq);
                u.setLong(3, System.currentTimeMillis());
                u.executeUpdate();
            }
            return null;
        });
    }

    /** Keeps refused events and moves the cursor past their batch, in one transaction. */
    synchronized void deadLetterAndMove(String destination, List<StreamedEvent> refused, List<String> reasons, long seq) {
        sql(() -> {
            db.setAutoCommit(false);
            try {
                try (PreparedStatement i = db.prepareStatement("INSERT OR REPLACE INTO dead_letters"
                        + " (destination, seq, id, reason, refused_at, source, tenant, log, leaf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    long now = System.currentTimeMillis();
                    for (int k = 0; k < refused.size(); k++) {
                        StreamedEvent e = refused.get(k);
                        i.setString(1, destination);
                        i.setLong(2, e.sequence());
                        i.setString(3, e.id());
                        i.setString(4, reasons.get(k));
                        i.setLong(5, now);
                        i.setBytes(6, e.source());
                        i.setString(7, e.tenant().orElse(null));
                        i.setString(8, e.log().orElse(null));
                        if (e.leaf().isPresent()) {
                            i.setLong(9, e.leaf().getAsLong());
                        } else {
                            i.setNull(9, java.sql.Types.INTEGER);
                        }
                        i.addBatch();
                    }
                    i.executeBatch();
                }
                try (PreparedStatement u = db.prepareStatement("INSERT INTO cursors (destination, seq, updated_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (destination) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at")) {
                    u.setString(1, destination);
                    u.setLong(2, seq);
                    u.setLong(3, System.currentTimeMillis());
                    u.executeUpdate();
                }
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
            return null;
        });
    }

    /** The destination's dead letters, oldest first. */
    synchronized List<StreamDeadLetter> deadLetters(String destination, int limit) {
        return sql(() -> {
            List<StreamDeadLetter> out = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT seq, id, reason, refused_at, source, tenant, log, leaf"
                    + " FROM dead_letters WHERE destination = ? ORDER BY seq LIMIT ?")) {
                q.setString(1, destination);
                q.setInt(2, limit);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        long leaf = r.getLong(8);
                        OptionalLong l = r.wasNull() ? OptionalLong.empty() : OptionalLong.of(leaf);
                        StreamedEvent e = new StreamedEvent(r.getLong(1), r.getString(2), Optional.ofNullable(r.getString(6)),
                                r.getBytes(5), Optional.ofNullable(r.getString(7)), l);
                        out.add(new StreamDeadLetter(e, r.getString(3), Instant.ofEpochMilli(r.getLong(4))));
                    }
                }
            }
            return out;
        });
    }

    synchronized long deadLetterCount(String destination) {
        return sql(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM dead_letters WHERE destination = ?")) {
                q.setString(1, destination);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    /** Removes dead letters once a replay delivered them. */
    synchronized void removeDeadLetters(String destination, List<Long> seqs) {
        sql(() -> {
            try (PreparedStatement d = db.prepareStatement("DELETE FROM dead_letters WHERE destination = ? AND seq = ?")) {
                for (long seq : seqs) {
                    d.setString(1, destination);
                    d.setLong(2, seq);
                    d.addBatch();
                }
                d.executeBatch();
            }
            return null;
        });
    }

    /** Forgets a deleted destination. */
    synchronized void forget(String destination) {
        sql(() -> {
            try (PreparedStatement a = db.prepareStatement("DELETE FROM cursors WHERE destination = ?");
                 PreparedStatement b = db.prepareStatement("DELETE FROM dead_letters WHERE destination = ?")) {
                a.setString(1, destination);
                a.executeUpdate();
                b.setString(1, destination);
                b.executeUpdate();
            }
            return null;
        });
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // closing on shutdown: nothing left to protect
        }
    }

    private static <T> T sql(Sql<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new IllegalStateException("stream state: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run() throws SQLException;
    }
}
