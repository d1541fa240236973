package io.auditsearch.spool;

import io.auditsearch.AuditConfiguration;
import io.auditsearch.event.PreparedEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable local spool in {@code $AUDIT_DATA_DIR/spool}: SQLite in WAL mode with
 * {@code synchronous=FULL}, so a committed transaction is on disk before it is acknowledged and
 * survives kill -9 and power loss. One thread owns the connection; appends that arrive while it
 * commits are written together in the next transaction (group commit), so concurrent requests
 * share the cost of one fsync. Rows are kept in arrival order ({@code seq}) until Elasticsearch
 * confirmed them; events Elasticsearch refuses for good move to the dead-letter table.
 */
@Singleton
public class Spool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int MAX_GROUP = 10_000;

    private final SpoolConfiguration config;
    private final Connection db;
    private final BlockingQueue<Task<?>> tasks = new LinkedBlockingQueue<>();
    private final Thread owner;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private volatile boolean open = true;
    private volatile boolean refusing;
    /** The spool's file system had no room at the last commit; cleared by the next commit that succeeds. */
    private volatile boolean diskFull;

    @Inject
    Spool(AuditConfiguration audit, SpoolConfiguration config) {
        this(audit.dataPath().resolve("spool"), config);
    }

    Spool(Path dir, SpoolConfiguration config) {
        this.config = config;
        try {
            Files.createDirectories(dir);
            db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("spool.db"));
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE IF NOT EXISTS spool (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL,"
                        + " idx TEXT NOT NULL, ts INTEGER NOT NULL, source BLOB NOT NULL, enqueued_at INTEGER NOT NULL)");
                SpoolDeadLetters.createTable(s);
                try (ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(length(source)), 0) FROM spool")) {
                    r.next();
                    events.set(r.getLong(1));
                    bytes.set(r.getLong(2));
                }
                deadLetters.set(SpoolDeadLetters.count(s));
            }
            db.setAutoCommit(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the spool directory " + dir, e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the spool in " + dir + ": " + e.getMessage(), e);
        }
        if (events.get() > 0) {
            LOG.info("Spool in {} holds {} events ({} bytes) from before; they will be shipped", dir, events.get(), bytes.get());
        }
        owner = Thread.ofPlatform().name("audit-spool").daemon().start(this::run);
    }

    /**
     * Keeps the events durably; the future completes once they are committed to disk.
     *
     * @throws SpoolFullException at once when they would take the spool past its size limit
     */
    public CompletableFuture<Void> append(List<PreparedEvent> batch) {
        long size = 0;
        for (PreparedEvent e : batch) {
            size += e.source().length;
        }
        long before = bytes.getAndAdd(size);
        if (before + size > config.getMaxBytes() && before > 0) {
            bytes.addAndGet(-size);
            refusing = true;
            throw new SpoolFullException(before, config.getMaxBytes(), config.getRetryAfter());
        }
        Append append = new Append(batch, size);
        submit(append);
        return append.done;
    }

    /** The oldest events, in arrival order, up to the given count and bytes (at least one). */
    public List<SpooledEvent> oldest(int maxEvents, long maxBytes) {
        return call(c -> {
            List<SpooledEvent> out = new ArrayList<>();
            long size = 0;
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT seq, id, idx, ts, source, enqueued_at FROM spool ORDER BY seq LIMIT ?")) {
                q.setInt(1, maxEvents);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next() && (out.isEmpty() || size < maxBytes)) {
                        byte[] source = r.getBytes(5);
                        size += source.length;
                        out.add(new SpooledEvent(r.getLong(1), new PreparedEvent(r.getString(2), r.getString(3),
                                Instant.ofEpochMilli(r.getLong(4)), source), Instant.ofEpochMilli(r.getLong(6))));
                    }
                }
            }
            return out;
        });
    }

    /** Removes events Elasticsearch confirmed (stored, or already there). */
    public void remove(List<SpooledEvent> confirmed) {
        if (confirmed.isEmpty()) {
            return;
        }
        call(c -> {
            delete(c, confirmed);
            c.commit();
            return null;
        });
    }

    /** Moves events Elasticsearch refused for good to the dead-letter table, in one transaction. */
    public void deadLetter(List<SpooledEvent> refused, List<DeadLetter> why) {
        call(c -> {
            insertDeadLetters(c, why);
            delete(c, refused);
            c.commit();
            return null;
        });
    }

    /** Keeps events Elasticsearch refused for good that never were in the spool (refused on the direct path). */
    public CompletableFuture<Void> deadLetter(List<DeadLetter> why) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new Task<>(c -> {
            insertDeadLetters(c, why);
            c.commit();
            return null;
        }, done));
        return done;
    }

    /** The newest dead letters first. */
    public List<DeadLetter> deadLetters(int limit) {
        return call(c -> SpoolDeadLetters.newest(c, limit));
    }

    /** When the oldest spooled event arrived, if any is waiting. */
    public Optional<Instant> oldestEnqueuedAt() {
        if (events.get() == 0) {
            return Optional.empty();
        }
        return call(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT min(enqueued_at) FROM spool")) {
                return r.next() && r.getObject(1) != null ? Optional.of(Instant.ofEpochMilli(r.getLong(1))) : Optional.empty();
            }
        });
    }

    public long depth() {
        return events.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long maxBytes() {
        return config.getMaxBytes();
    }

    /**
     * True once the spool refused events for want of room, until the shipper has drained it below
     * 90% of its limit (so readiness does not flap on every event), or while its file system is full.
     */
    public boolean full() {
        return refusing || diskFull || bytes.get() >= config.getMaxBytes();
    }

    public long deadLetterCount() {
        return deadLetters.get();
    }

    @PreDestroy
    @Override
    public void close() {
        if (!open) {
            return;
        }
        call(c -> {
            open = false; // the last task: everything queued before it is committed
            return null;
        });
        try {
            owner.join();
            db.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("Closing the spool: {}", e.getMessage());
        }
    }

    private void delete(Connection c, List<SpooledEvent> rows) throws SQLException {
        long size = 0;
        try (PreparedStatement d = c.prepareStatement("DELETE FROM spool WHERE seq = ?")) {
            for (SpooledEvent e : rows) {
                d.setLong(1, e.seq());
                d.addBatch();
                size += e.event().source().length;
            }
            d.executeBatch();
        }
        events.addAndGet(-rows.size());
        if (bytes.addAndGet(-size) < config.getMaxBytes() * 0.9) {
            refusing = false;
        }
    }

    private void insertDeadLetters(Connection c, List<DeadLetter> letters) throws SQLException {
        SpoolDeadLetters.insert(c, letters);
        deadLetters.addAndGet(letters.size());
    }

    private void run() {
        List<Append> group = new ArrayList<>();
        while (open) {
            Task<?> task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (!(task instanceof Append first)) {
                task.run(db);
                continue;
            }
            group.add(first);
            // group commit: every append already waiting joins this transaction
            int n = first.events.size();
            while (n < MAX_GROUP && tasks.peek() instanceof Append next) {
                tasks.poll();
                group.add(next);
                n += next.events.size();
            }
            commitGroup(group);
            group.clear();
        }
        for (Task<?> left : tasks) {
            left.done.completeExceptionally(new IllegalStateException("the spool is closed"));
        }
    }

    private void commitGroup(List<Append> group) {
        long now = System.currentTimeMillis();
        try (PreparedStatement i = db.prepareStatement("INSERT INTO spool (id, idx, ts, source, enqueued_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Append a : group) {
                for (PreparedEvent e : a.events) {
                    i.setString(1, e.id());
                    i.setString(2, e.index());
                    i.setLong(3, e.timestamp().toEpochMilli());
                    i.setBytes(4, e.source());
                    i.setLong(5, now);
                    i.addBatch();
                }
            }
            i.executeBatch();
            db.commit();
        } catch (SQLException e) {
            boolean noRoom = SqliteFailures.noRoom(e);
            rollback(noRoom);
            if (noRoom && !diskFull) {
                LOG.error("The spool's file system is full; events are refused with 503 until there is room: {}", e.getMessage());
            } else if (!noRoom) {
                LOG.error("Spool write failed: {}", e.getMessage());
            }
            diskFull = noRoom;
            for (Append a : group) {
                bytes.addAndGet(-a.size);
                a.done.completeExceptionally(noRoom ? SpoolFullException.noRoom(config.getRetryAfter())
                        : new IllegalStateException("the spool could not keep the events: " + e.getMessage(), e));
            }
            return;
        }
        if (diskFull) {
            diskFull = false;
            LOG.info("The spool's file system has room again; events are accepted");
        }
        for (Append a : group) {
            events.addAndGet(a.events.size());
            a.done.complete(null);
        }
    }

    /** Rolls back; after SQLITE_FULL SQLite may have done so itself, so that failure is not news. */
    private void rollback(boolean mayBeDone) {
        SqliteFailures.rollback(db, mayBeDone);
    }

    private void submit(Task<?> task) {
        if (!open) {
            throw new IllegalStateException("the spool is closed");
        }
        tasks.add(task);
    }

    private <T> T call(SqlWork<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        submit(new Task<>(work, done));
        return done.join();
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Work on the connection, run by the owner thread. */
    private static class Task<T> {
        private final SqlWork<T> work;
        final CompletableFuture<T> done;

        Task(SqlWork<T> work, CompletableFuture<T> done) {
            this.work = work;
            this.done = done;
        }

        void run(Connection c) {
            try {
                done.complete(work.apply(c));
            } catch (SQLException | RuntimeException e) {
                // the original failure is what the caller needs to see
                SqliteFailures.rollback(c, e instanceof SQLException sql && SqliteFailures.noRoom(sql));
                done.completeExceptionally(e);
            }
        }
    }

    /** Events to keep; committed with whatever other appends wait beside them. */
    private static final class Append extends Task<Void> {
        private final List<PreparedEvent> events;
        private final long size;

        Append(List<PreparedEvent> events, long size) {
            super(c -> null, new CompletableFuture<>());
            this.events = events;
            this.size = size;
        }
    }
}
