package io.auditsearch.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The sender thread's loop. It takes queued events in batches (a full batch at once, else what
 * has gathered after {@code linger}), sends each as one {@code _bulk} request and keeps the events
 * the service did not take (429, 5xx, no answer) at the head of the line, sending them again after
 * a jittered, growing backoff that honours {@code Retry-After}. A batch that failed
 * {@code attemptsBeforeBuffering} times moves to the disk buffer; while anything is on disk, newly
 * queued events are appended behind it and all events are sent from the disk, oldest first, so the
 * order of recording is kept. Refused events (4xx items) are reported and never sent again.
 */
final class Sender implements Runnable {

    private static final System.Logger LOG = System.getLogger(AuditClient.class.getName());
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ClientSettings settings;
    private final ArrayBlockingQueue<AuditEvent> queue;
    private final BulkTransport transport;
    private final DiskBuffer disk; // null: no disk buffer
    private final Backoff backoff;
    private final Counters counters;
    private final RejectionLog rejections;

    // shared with the threads that record, flush and close
    final AtomicInteger sinceWake = new AtomicInteger();
    final AtomicInteger flushers = new AtomicInteger();
    volatile boolean closing;
    volatile boolean stopped;
    private volatile long loops;
    private volatile long idleLoop = -1;

    // the sender thread's own
    private final List<AuditEvent> batch = new ArrayList<>();
    private final ArrayDeque<AuditEvent> backlog = new ArrayDeque<>(); // taken from the queue, not yet on disk
    private int fromDisk;      // events of the disk buffer the batch stands for (0: from memory)
    private int attempts;      // failed attempts of the batch's head
    private long notBefore;    // System.nanoTime() before which nothing is sent
    private boolean diskFullLogged;

    Sender(ClientSettings settings, ArrayBlockingQueue<AuditEvent> queue, BulkTransport transport, DiskBuffer disk,
           Backoff backoff, Counters counters) {
        this.settings = settings;
        this.queue = queue;
        this.transport = transport;
        this.disk = disk;
        this.backoff = backoff;
        this.counters = counters;
        this.rejections = new RejectionLog(settings.listener(), counters);
    }

    long loops() {
        return loops;
    }

    /** The last loop that ended with nothing left to send anywhere (queue, batch, disk). */
    long idleLoop() {
        return idleLoop;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                long loop = loops + 1;
                loops = loop;
                long park;
                try {
                    park = step();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "audit client " + settings.name() + ": sender step failed; trying again", e);
                    park = TICK_NANOS;
                }
                if (batch.isEmpty() && backlog.isEmpty() && queue.isEmpty() && (disk == null || disk.isEmpty())) {
                    idleLoop = loop;
                }
                if (park > 0 && !stopped) {
                    LockSupport.parkNanos(this, park);
                }
            }
        } finally {
            keepWhatIsLeft();
        }
    }

    /** One turn of the loop; returns how long to wait before the next (0: at once). */
    long step() {
        if (disk != null && (!disk.isEmpty() || !backlog.isEmpty())) {
            moveQueueToDisk();
        }
        if (batch.isEmpty()) {
            if (disk != null && !disk.isEmpty()) {
                batch.addAll(disk.read(settings.batchSize()));
                fromDisk = batch.size();
            } else {
                fillFromMemory();
            }
        } else if (fromDisk == 0 && batch.size() < settings.batchSize()) {
            fillFromMemory();
        }
        if (batch.isEmpty()) {
            return settings.linger().isZero() ? TICK_NANOS : settings.linger().toNanos();
        }
        long wait = notBefore - System.nanoTime();
        if (attempts > 0 && wait > 0) {
            return Math.min(wait, TICK_NANOS);
        }
        send();
        return 0;
    }

    private void fillFromMemory() {
        while (batch.size() < settings.batchSize() && !backlog.isEmpty()) {
            batch.add(backlog.poll());
        }
        sinceWake.set(0);
        queue.drainTo(batch, settings.batchSize() - batch.size());
    }

    /** Keeps the order of recording: what is queued goes behind what is on disk. */
    private void moveQueueToDisk() {
        int rounds = settings.queueCapacity() / settings.batchSize() + 2;
        for (int i = 0; i < rounds; i++) {
            if (backlog.isEmpty()) {
                queue.drainTo(backlog, settings.batchSize());
                if (backlog.isEmpty()) {
                    return;
                }
            }
            if (!toDisk(new ArrayList<>(backlog))) {
                return;
            }
            backlog.clear();
        }
    }

    private boolean toDisk(List<AuditEvent> events) {
        if (disk.append(events)) {
            counters.buffered.add(events.size());
            diskFullLogged = false;
            return true;
        }
        if (!diskFullLogged) {
            diskFullLogged = true;
            LOG.log(System.Logger.Level.WARNING, "audit client " + settings.name() + ": disk buffer full (" + disk.bytes() + " of "
                    + settings.bufferMaxBytes() + " bytes); events wait in memory, then the full policy " + settings.fullPolicy() + " applies");
        }
        return false;
    }

    private void send() {
        BulkReply reply = transport.send(batch, () -> stopped);
        List<AuditEvent> again = new ArrayList<>();
        int delivered = 0;
        for (int i = 0; i < batch.size(); i++) {
            switch (reply.verdicts[i]) {
                case DELIVERED -> delivered++;
                case REJECTED -> rejections.report(reply.rejections[i]);
                case RETRY -> again.add(batch.get(i));
            }
        }
        counters.sent.add(delivered);
        if (again.isEmpty()) {
            if (attempts > 0) {
                LOG.log(System.Logger.Level.INFO, "audit client " + settings.name() + ": the service takes events again (after "
                        + attempts + " failed attempts)");
            }
            if (fromDisk > 0) {
                disk.commit(fromDisk);
            }
            fromDisk = 0;
            attempts = 0;
            batch.clear();
            return;
        }
        batch.clear();
        batch.addAll(again);
        attempts++;
        counters.retried.add(again.size());
        Duration delay = backoff.delay(attempts, reply.retryAfter);
        notBefore = System.nanoTime() + delay.toNanos();
        LOG.log(attempts == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, () -> "audit client " + settings.name()
                + ": the service did not take " + again.size() + " events (" + reply.summary + "); attempt " + attempts
                + ", next in " + delay.toMillis() + " ms");
        if (fromDisk == 0 && disk != null && attempts >= settings.attemptsBeforeBuffering() && toDisk(List.copyOf(batch))) {
            batch.clear(); // read back from the disk buffer, same events, same ids
        }
    }

    /** At exit: what was not delivered goes to the disk buffer, or is counted and logged as lost. */
    private void keepWhatIsLeft() {
        List<AuditEvent> left = new ArrayList<>();
        if (fromDisk == 0) {
            left.addAll(batch);
        }
        left.addAll(backlog);
        queue.drainTo(left);
        batch.clear();
        backlog.clear();
        if (!left.isEmpty()) {
            if (disk != null && disk.append(left)) {
                counters.buffered.add(left.size());
                LOG.log(System.Logger.Level.INFO, "audit client " + settings.name() + ": " + left.size() + " undelivered events kept in the disk buffer "
                        + settings.bufferDirectory() + "; a client started on it sends them");
            } else {
                rejections.lost(left);
            }
        }
        if (disk != null) {
            disk.close();
        }
    }
}
