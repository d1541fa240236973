package io.auditsearch.integrity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQLite database (WAL, {@code synchronous=FULL}) owned by one thread. Grouped work that waits
 * while the thread commits goes into the next transaction together (group commit: one fsync for
 * all of it); other work runs and commits alone.
 */
final class SqliteOwner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteOwner.class);
    private static final int MAX_GROUP = 10_000;

    private final Connection db;
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final Thread owner;
    private volatile boolean open = true;

    SqliteOwner(Path file, String threadName, Sql<?> schema) {
        try {
            Files.createDirectories(file.getParent());
            db = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
            }
            schema.apply(db);
            db.setAutoCommit(false);
        } catch (java.io.IOException | SQLException e) {
            throw new IllegalStateException("cannot open " + file + ": " + e.getMessage(), e);
        }
        owner = Thread.ofPlatform().name(threadName).daemon().start(this::run);
    }

    boolean open() {
        return open;
    }

    /** Work committed with whatever grouped work waits beside it; completes once on disk. */
    CompletableFuture<Void> grouped(Sql<?> sql) {
        Work w = new Work(true, sql::apply);
        if (!open) {
            return CompletableFuture.failedFuture(new IllegalStateException("the database is closed"));
        }
        queue.add(w);
        return w.done.thenApply(x -> null);
    }

    /** Runs the work alone (and commits), waiting for its result. */
    @SuppressWarnings("unchecked")
    <T> T call(Sql<T> sql) {
        Work w = new Work(false, sql::apply);
        if (!open) {
            throw new IllegalStateException("the database is closed");
        }
        queue.add(w);
        return (T) w.done.join();
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        call(c -> {
            open = false;
            return null;
        });
        try {
            owner.join();
            db.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("Closing the database: {}", e.getMessage());
        }
    }

    private void run() {
        List<Work> group = new ArrayList<>();
        while (open) {
            Work first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (!first.grouped) {
                first.run(db);
                continue;
            }
            group.add(first);
            while (group.size() < MAX_GROUP && queue.peek() != null && queue.peek().grouped) {
                group.add(queue.poll());
            }
            commitGroup(group);
            group.clear();
        }
        for (Work left : queue) {
            left.done.completeExceptionally(new IllegalStateException("the database is closed"));
        }
    }

    /** One transaction, one fsync, for every record and outcome that waited. */
    private void commitGroup(List<Work> group) {
        try {
            for (Work w : group) {
                w.sql.apply(db);
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the first failure is the one to report
            }
            LOG.error("Integrity journal write failed: {}", e.getMessage());
            group.forEach(w -> w.done.completeExceptionally(new IllegalStateException("journal write failed: " + e.getMessage(), e)));
            return;
        }
        group.forEach(w -> w.done.complete(null));
    }

    @FunctionalInterface
    interface Sql<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Work for the owner thread: grouped work shares one commit, other work runs (and commits) alone. */
    private static final class Work {
        final boolean grouped;
        final Sql<Object> sql;
        final CompletableFuture<Object> done = new CompletableFuture<>();

        Work(boolean grouped, Sql<Object> sql) {
            this.grouped = grouped;
            this.sql = sql;
        }

        void run(Connection c) {
            try {
                Object result = sql.apply(c);
                c.commit(); // ends the read transaction too, so the WAL can be checkpointed
                done.complete(result);
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // report the first failure
                }
                done.completeExceptionally(e);
            }
        }
    }
}
