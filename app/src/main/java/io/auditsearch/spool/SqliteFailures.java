package io.auditsearch.spool;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the spool tells a full disk from other SQLite failures, and rolls back after either. */
final class SqliteFailures {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int SQLITE_FULL = 13;

    private SqliteFailures() {
    }

    /** SQLITE_FULL (13): the disk (or its quota) has no room for the write; any extended code of it too. */
    static boolean noRoom(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() & 0xff) == SQLITE_FULL) {
                return true;
            }
        }
        return false;
    }

    /**
     * Rolls back the open transaction and opens the next one. When SQLite already rolled back by itself (as it may
     * on SQLITE_FULL), the driver's rollback fails before it begins the next transaction, which would leave the
     * connection committing every statement on its own: the next transaction is then begun here.
     */
    static void rollback(Connection c, boolean quiet) {
        try {
            c.rollback();
        } catch (SQLException e) {
            if (quiet) {
                LOG.debug("Spool rollback after a full disk: {}", e.getMessage());
            } else {
                LOG.warn("Spool rollback failed: {}", e.getMessage());
            }
            try {
                c.setAutoCommit(true);
            } catch (SQLException noTransaction) {
                // nothing was open to commit: what we expect here
            }
            try {
                c.setAutoCommit(false);
            } catch (SQLException again) {
                LOG.error("The spool cannot begin a transaction: {}", again.getMessage());
            }
        }
    }
}
