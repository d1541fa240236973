package io.auditsearch.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Records audit events to Audit Search without making the caller wait for the network:
 * {@link #record} puts the event in a bounded in-memory queue and returns; one sender thread sends
 * the queue in {@code _bulk} batches, retries what the service could not take, and moves events to
 * a local disk buffer (when configured) while the service is unreachable. Delivery is at least once
 * to the service and exactly once in storage, since every retry carries the event's own
 * {@code event.id}. Events only in memory are lost if the process dies: see {@code docs/client.md}.
 *
 * <pre>{@code
 * AuditClient audit = AuditClient.builder(URI.create("https://audit.example.com"))
 *         .apiKey(System.getenv("AUDIT_API_KEY"))
 *         .bufferDirectory(Path.of("/var/lib/myapp/audit-buffer"), 512L << 20)
 *         .build();
 * audit.record(AuditEvent.builder(CatalogEvent.USER_LOGIN_FAILED).actor("u-17", "alice").sourceIp(ip).build());
 * ...
 * audit.close(); // delivers what is queued, up to the close timeout
 * }</pre>
 */
public final class AuditClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AuditClient.class.getName());

    private final ClientSettings settings;
    private final ArrayBlockingQueue<AuditEvent> queue;
    private final Counters counters;
    private final RejectionLog drops;
    private final Sender sender;
    private final Thread thread;
    private final int wakeAt;
    private final long blockNanos;
    private final Runnable unbindMetrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    AuditClient(ClientSettings settings) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.counters = new Counters(queue::size);
        this.drops = new RejectionLog(settings.listener(), counters);
        DiskBuffer disk = null;
        if (settings.bufferDirectory() != null) {
            disk = new DiskBuffer(settings.bufferDirectory(), settings.bufferMaxBytes(), settings.bufferSegmentBytes());
            counters.bufferedBytes(disk::bytes);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        BulkTransport transport = new BulkTransport(http, settings.serviceUri(), settings.credentials(), settings.requestTimeout());
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), b -> ThreadLocalRandom.current().nextLong(b));
        this.sender = new Sender(settings, queue, transport, disk, backoff, counters);
        this.wakeAt = settings.linger().isZero() ? 1 : settings.batchSize();
        this.blockNanos = settings.fullPolicy().timeout().toNanos();
        this.unbindMetrics = settings.micrometer() && micrometerPresent()
                ? MicrometerMetrics.bind(settings.meterRegistry(), counters, settings.name()) : () -> { };
        this.thread = new Thread(sender, "audit-client-sender-" + settings.name());
        thread.setDaemon(true);
        thread.start();
        if (disk != null && !disk.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "audit client " + settings.name() + ": " + disk.bytes()
                    + " bytes of events in the disk buffer from an earlier run; sending them first");
        }
    }

    /** Without touching {@link MicrometerMetrics}, whose loading needs Micrometer. */
    private static boolean micrometerPresent() {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry", false, AuditClient.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A builder for a client of the service at {@code serviceUri} (e.g. {@code https://audit.example.com}). */
    public static AuditClientBuilder builder(URI serviceUri) {
        return new AuditClientBuilder(serviceUri);
    }

    /**
     * Queues the event for sending and returns; no I/O on the caller's thread. When the queue is
     * full the {@link FullPolicy} decides: wait for room up to its timeout, or drop.
     *
     * @return true if queued; false if dropped (counted, logged and passed to the listener)
     */
    public boolean record(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        if (sender.closing) {
            drops.dropped(event, "closed");
            return false;
        }
        if (!queue.offer(event) && !offerWaiting(event)) {
            drops.dropped(event, "queue_full");
            return false;
        }
        counters.queued.increment();
        if (sender.sinceWake.incrementAndGet() == wakeAt) {
            LockSupport.unpark(thread);
        }
        return true;
    }

    private boolean offerWaiting(AuditEvent event) {
        if (blockNanos == 0) {
            return false;
        }
        try {
            return queue.offer(event, blockNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Sends what is queued now without waiting for the linger, and waits until everything recorded
     * so far is delivered or refused, and the disk buffer is empty, or until the timeout.
     *
     * @return true if all was delivered (or refused) in time
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        sender.flushers.incrementAndGet();
        try {
            long start = sender.loops();
            LockSupport.unpark(thread);
            while (sender.idleLoop() <= start) {
                if (System.nanoTime() - deadline >= 0 || !thread.isAlive()) {
                    return false;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            return true;
        } finally {
            sender.flushers.decrementAndGet();
        }
    }

    /** {@link #close(Duration)} with the configured close timeout. */
    @Override
    public void close() {
        close(settings.closeTimeout());
    }

    /**
     * Stops taking events, tries to deliver what is queued until the timeout, then stops the sender:
     * what is still undelivered goes to the disk buffer (if configured and not full), or is counted
     * as dropped and logged.
     *
     * @return true if everything was delivered before the timeout
     */
    public boolean close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return queue.isEmpty();
        }
        sender.closing = true;
        boolean delivered = flush(timeout);
        sender.stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, settings.requestTimeout().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<AuditEvent> late = new ArrayList<>();
        queue.drainTo(late); // recorded while the sender stopped
        late.forEach(e -> drops.dropped(e, "closed"));
        unbindMetrics.run();
        return delivered && late.isEmpty();
    }

    /** Counters and gauges, as plain getters. */
    public ClientMetrics metrics() {
        return counters;
    }

    /** The disk buffer's directory, or null when there is none. */
    public Path bufferDirectory() {
        return settings.bufferDirectory();
    }

    @Override
    public String toString() {
        return "AuditClient[" + settings.name() + " -> " + settings.serviceUri() + ", " + settings.credentials() + "]";
    }
}
