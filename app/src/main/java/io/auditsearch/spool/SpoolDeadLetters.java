package io.auditsearch.spool;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The spool's {@code dead_letter} table: events Elasticsearch refused for good, kept with why. Only
 * the spool's owner thread calls these, inside its transactions.
 */
final class SpoolDeadLetters {

    private SpoolDeadLetters() {
    }

    static void createTable(Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS dead_letter (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, idx TEXT NOT NULL,"
                + " status INTEGER NOT NULL, error_type TEXT, reason TEXT, failed_at INTEGER NOT NULL, source BLOB NOT NULL)");
    }

    static long count(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM dead_letter")) {
            r.next();
            return r.getLong(1);
        }
    }

    static void insert(Connection c, List<DeadLetter> letters) throws SQLException {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO dead_letter (id, idx, status, error_type, reason, failed_at, source)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (DeadLetter l : letters) {
                i.setString(1, l.id());
                i.setString(2, l.index());
                i.setInt(3, l.status());
                i.setString(4, l.errorType());
                i.setString(5, l.reason());
                i.setLong(6, l.failedAt().toEpochMilli());
                i.setBytes(7, l.source().getBytes(StandardCharsets.UTF_8));
                i.addBatch();
            }
            i.executeBatch();
        }
    }

    /** The newest first. */
    static List<DeadLetter> newest(Connection c, int limit) throws SQLException {
        List<DeadLetter> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT id, idx, status, error_type, reason, failed_at, source"
                + " FROM dead_letter ORDER BY seq DESC LIMIT ?")) {
            q.setInt(1, limit);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(new DeadLetter(r.getString(1), r.getString(2), r.getInt(3), r.getString(4), r.getString(5),
                            Instant.ofEpochMilli(r.getLong(6)), new String(r.getBytes(7), StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }
}
