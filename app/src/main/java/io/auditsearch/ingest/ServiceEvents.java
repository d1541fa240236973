package io.auditsearch.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.event.EventPreparer;
import io.auditsearch.event.PreparedEvent;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of the service itself: events the service records about what its callers did
 * to the audit log (searches, exports, legal holds). They are ECS events like any other,
 * validated by the same rules and written through the same durable path as events posted to
 * {@code /v1/events}.
 */
@Singleton
public class ServiceEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceEvents.class);

    private final EventPreparer preparer;
    private final EventIndexer indexer;
    private final EventDelivery delivery;
    private final IngestConfiguration config;

    ServiceEvents(EventPreparer preparer, EventIndexer indexer, EventDelivery delivery, IngestConfiguration config) {
        this.preparer = preparer;
        this.indexer = indexer;
        this.delivery = delivery;
        this.config = config;
    }

    /**
     * Records one event the service emits, without blocking the caller; a bug in the event itself
     * is an exception here, a storage failure completes the returned future exceptionally (and is logged).
     *
     * @param event an ECS event in the API's shape (nested objects), {@code event.action} required
     * @return the event's id once it is kept (in Elasticsearch or the durable spool)
     */
    public CompletableFuture<String> record(ObjectNode event) {
        PreparedEvent prepared = preparer.prepare(event);
        // the bulk waits up to the flush interval before it is even sent: Elasticsearch's time to answer starts after it
        Duration wait = config.getServiceEventsFlushInterval().plus(config.getAckWait());
        return delivery.deliverAsync(List.of(prepared), e -> List.of(indexer.indexServiceEvent(e.getFirst())), wait).thenApply(all -> {
            EventDelivery.Delivered d = all.getFirst();
            if (!d.kept()) {
                LOG.warn("Service event {} ({}) was not kept: {} {}", prepared.id(),
                        event.path("event").path("action").asText(), d.errorType(), d.reason());
                throw new IllegalStateException("service event not kept: " + d.errorType());
            }
            return prepared.id();
        });
    }
}
