package io.auditsearch.ingest;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import io.auditsearch.event.PreparedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes prepared events with create semantics ({@code _id} = {@code event.id}, so a repeat is a
 * 409 we report as duplicate, never a second copy). Single events go through a BulkIngester with
 * a short flush interval that batches concurrent requests; the service's own events (the read
 * audit) through one with a longer interval, so a burst of searches costs Elasticsearch one bulk
 * request instead of one each; a {@code _bulk} request's events go as bulk requests of their own
 * through {@link RawBulkWriter}, so large batches are neither cut into small ones nor mapped twice.
 */
@Singleton
class EventIndexer implements AutoCloseable {

    private final EventBatcher single;
    private final EventBatcher service;
    private final RawBulkWriter batch;

    EventIndexer(ElasticsearchAsyncClient client, RawBulkWriter batch, IngestConfiguration config, MeterRegistry metrics) {
        this.single = new EventBatcher(client, config, metrics, "direct", config.getSingleFlushInterval(),
                config.getSingleMaxConcurrentRequests());
        this.service = new EventBatcher(client, config, metrics, "service", config.getServiceEventsFlushInterval(), 1);
        this.batch = batch;
    }

    /** Queues one event posted to the API; the future completes when Elasticsearch answered for it. Never blocks. */
    CompletableFuture<IndexOutcome> indexOne(PreparedEvent event) {
        return single.add(event);
    }

    /** Queues one event the service records about itself; nobody waits on it, so it may wait for company. Never blocks. */
    CompletableFuture<IndexOutcome> indexServiceEvent(PreparedEvent event) {
        return service.add(event);
    }

    /** Single events queued or in flight, not yet answered by Elasticsearch. */
    int waitingSingleEvents() {
        return single.waiting();
    }

    /** Flushes of single events scheduled and not yet run (none while no event waits). */
    int singleFlushesScheduled() {
        return single.flushesScheduled();
    }

    /** Sends a request's events in bulk requests of their own; futures are in the order of {@code events}. */
    List<CompletableFuture<IndexOutcome>> indexBatch(List<PreparedEvent> events) {
        return batch.write(events, "direct");
    }

    @PreDestroy
    @Override
    public void close() {
        single.close();
        service.close();
    }
}
