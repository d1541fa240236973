package io.auditsearch.client;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports events that will not reach the service: counted, passed to the listener and logged
 * (System.Logger). Drops are logged at most once per {@link #LOG_EVERY_NANOS} with the count since
 * the last line, so a full queue cannot flood the log; refusals are logged one by one (they are
 * bugs in the calling code, each worth a line).
 */
final class RejectionLog {

    private static final System.Logger LOG = System.getLogger(AuditClient.class.getName());
    static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final DeliveryListener listener;
    private final Counters counters;
    private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong droppedSinceLog = new AtomicLong();

    RejectionLog(DeliveryListener listener, Counters counters) {
        this.listener = listener;
        this.counters = counters;
    }

    void report(Rejection r) {
        counters.rejected.increment();
        LOG.log(System.Logger.Level.WARNING, "audit client: the service refused event " + r.eventId() + " (" + r.action() + "): "
                + r.status() + " " + r.type() + (r.field() == null ? "" : " at " + r.field()) + (r.reason() == null ? "" : ": " + r.reason())
                + "; not retried");
        notify(() -> listener.rejected(r));
    }

    void dropped(AuditEvent event, String reason) {
        counters.dropped.increment();
        droppedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = lastDropLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastDropLog.compareAndSet(last, now)) {
            long since = droppedSinceLog.getAndSet(0);
            LOG.log(System.Logger.Level.WARNING, "audit client: dropped " + since + " audit events (" + reason + "; last: " + event
                    + "); " + counters.dropped() + " dropped in all");
        }
        notify(() -> listener.dropped(event, reason));
    }

    void lost(List<AuditEvent> events) {
        counters.dropped.add(events.size());
        LOG.log(System.Logger.Level.ERROR, "audit client: closed with " + events.size()
                + " events undelivered and no disk buffer to keep them (none configured, or full): they are lost (first: " + events.get(0) + ")");
        for (AuditEvent e : events) {
            notify(() -> listener.dropped(e, "lost_at_close"));
        }
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit client: the delivery listener threw", e);
        }
    }
}
