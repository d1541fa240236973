package io.auditsearch.ingest;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.auditsearch.event.PreparedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events sent one at a time, batched by a BulkIngester: whatever arrives within the flush interval
 * goes as one bulk request, and every item of every response is checked (a 200 {@code _bulk} can
 * still hold failures). {@link #add} never blocks, so it may be called from the event loop.
 * <p>
 * The flush is a one-shot timer armed by the first event after a flush, not the ingester's own
 * {@code flushInterval}: that one is a periodic task, which at the single events' short interval woke a
 * thread hundreds of times a second whether or not anything was waiting.
 */
final class EventBatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBatcher.class);
    /** Answer for an event there was no room for: the caller keeps it in the spool instead of waiting. */
    private static final IndexOutcome NO_ROOM = IndexOutcome.failed(503, "elasticsearch_busy",
            "Elasticsearch has not taken the events before this one yet");
    /** Allowance for the bulk action line beside each document. */
    private static final int ACTION_BYTES = 256;

    private final BulkIngester<CompletableFuture<IndexOutcome>> ingester;
    /** Runs the flush timers, one at a time (a flush waits while every request is in flight). */
    private final ScheduledThreadPoolExecutor flushes;
    private final long flushNanos;
    /** A flush is scheduled and has not started: an event added now goes with it. */
    private final AtomicBoolean flushArmed = new AtomicBoolean();
    private final int maxPendingEvents;
    private final long maxPendingBytes;
    private final AtomicInteger pendingEvents = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();

    /**
     * @param path    the metrics tag of these bulk requests (direct, service)
     * @param flush   longest wait before a partly filled bulk request is sent
     * @param inFlight bulk requests in flight at once
     */
    EventBatcher(ElasticsearchAsyncClient client, IngestConfiguration config, MeterRegistry metrics, String path,
                 Duration flush, int inFlight) {
        this.ingester = BulkIngester.of(b -> b.client(client)
                .maxOperations(config.getBulkMaxOperations())
                .maxSize(config.getBulkMaxBytes())
                .maxConcurrentRequests(inFlight)
                .listener(new OutcomeListener(metrics, path)));
        this.flushNanos = Math.max(1, flush.toNanos());
        this.flushes = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("audit-bulk-flush-" + path);
            t.setDaemon(true);
            return t;
        });
        flushes.setRemoveOnCancelPolicy(true);
        // BulkIngester.add blocks while its buffer is full and every request is in flight; keeping what
        // waits below those limits means add never blocks
        this.maxPendingEvents = config.getBulkMaxOperations() - 1;
        this.maxPendingBytes = config.getBulkMaxBytes() - 1;
        metrics.gauge("audit.elasticsearch.bulk.waiting", io.micrometer.core.instrument.Tags.of("path", path), pendingEvents);
    }

    /** Events queued or in flight, not yet answered by Elasticsearch. */
    int waiting() {
        return pendingEvents.get();
    }

    /**
     * Queues one event with create semantics; the future completes when Elasticsearch answered for
     * it. When the events still waiting for Elasticsearch fill a bulk request, it answers at once
     * that there is no room (not stored).
     */
    CompletableFuture<IndexOutcome> add(PreparedEvent event) {
        long size = event.source().length + ACTION_BYTES;
        int events = pendingEvents.incrementAndGet();
        long bytes = pendingBytes.addAndGet(size);
        if (events > maxPendingEvents || bytes > maxPendingBytes) {
            release(size);
            return CompletableFuture.completedFuture(NO_ROOM);
        }
        CompletableFuture<IndexOutcome> outcome = new CompletableFuture<>();
        outcome.whenComplete((o, e) -> release(size));
        try {
            ingester.add(create(event), outcome);
            armFlush();
        } catch (RuntimeException e) {
            outcome.complete(IndexOutcome.failed(503, "elasticsearch_unavailable", e.toString()));
        }
        return outcome;
    }

    /**
     * Makes sure a flush starts after this event was added: either the one already armed (it has not
     * started, so it takes this event too) or a new one, at the next tick of a clock of the flush
     * interval, so an event waits 0 to 1 interval (half on average), as with a periodic flush.
     */
    private void armFlush() {
        if (flushArmed.compareAndSet(false, true)) {
            flushes.schedule(this::flush, nanosToNextTick(System.nanoTime(), flushNanos), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Time from {@code now} to the next tick of the flush clock ({@link System#nanoTime} multiples of
     * the interval): 1 to {@code intervalNanos}, so with a long interval a flush may still come soon.
     */
    static long nanosToNextTick(long now, long intervalNanos) {
        return intervalNanos - Math.floorMod(now, intervalNanos);
    }

    private void flush() {
        flushArmed.set(false);
        try {
            ingester.flush();
        } catch (RuntimeException e) {
            // whatever the ingester still holds needs a flush to come; events it had taken out are
            // answered by the ack wait (kept in the spool), as for any request that never came back
            LOG.error("Flushing queued events failed", e);
            armFlush();
        }
    }

    /** Flushes scheduled and not yet run: none while nothing waits (no timer wakes an idle service). */
    int flushesScheduled() {
        return flushes.getQueue().size();
    }

    private void release(long size) {
        pendingEvents.decrementAndGet();
        pendingBytes.addAndGet(-size);
    }

    private static BulkOperation create(PreparedEvent event) {
        // the source is already serialized ECS JSON: pass the bytes through, no second mapping
        BinaryData document = BinaryData.of(event.source(), ContentType.APPLICATION_JSON);
        return BulkOperation.of(op -> op.create(c -> c.index(event.index()).id(event.id()).document(document)));
    }

    /** Sends what is queued and waits for every answer. */
    @Override
    public void close() {
        ingester.close();
        flushes.shutdownNow();
    }

    /** Completes each item's future from its own result in the bulk response. */
    private static final class OutcomeListener implements BulkListener<CompletableFuture<IndexOutcome>> {

        private final MeterRegistry metrics;
        private final String path;
        private final Map<Long, Long> started = new ConcurrentHashMap<>();

        OutcomeListener(MeterRegistry metrics, String path) {
            this.metrics = metrics;
            this.path = path;
        }

        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<CompletableFuture<IndexOutcome>> contexts) {
            started.put(executionId, System.nanoTime());
        }

        private void time(long executionId, String outcome) {
            Long start = started.remove(executionId);
            if (start != null) {
                metrics.timer("audit.elasticsearch.bulk", "path", path, "outcome", outcome)
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<CompletableFuture<IndexOutcome>> contexts,
                              BulkResponse response) {
            time(executionId, "answered");
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < contexts.size(); i++) {
                contexts.get(i).complete(i < items.size() ? outcomeOf(items.get(i))
                        : IndexOutcome.failed(502, "missing_item", "Elasticsearch returned fewer items than sent"));
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<CompletableFuture<IndexOutcome>> contexts,
                              Throwable failure) {
            time(executionId, "failed");
            metrics.counter("audit.elasticsearch.errors", "type", "unavailable").increment(contexts.size());
            LOG.warn("Bulk request of {} events failed: {}", contexts.size(), failure.toString());
            IndexOutcome outcome = IndexOutcome.failed(503, "elasticsearch_unavailable",
                    "Elasticsearch did not take the bulk request: " + failure.getMessage());
            contexts.forEach(c -> c.complete(outcome));
        }

        private IndexOutcome outcomeOf(BulkResponseItem item) {
            IndexOutcome outcome = IndexOutcome.of(item.status(), item.error() == null ? null : item.error().type(),
                    item.error() == null ? null : item.error().reason());
            if (!outcome.stored()) {
                metrics.counter("audit.elasticsearch.errors", "type", outcome.errorType()).increment();
            }
            return outcome;
        }
    }
}
