package io.auditsearch.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.event.EventPreparer;
import io.auditsearch.event.PreparedEvent;
import jakarta.inject.Singleton;
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

    ServiceEvents(EventPreparer preparer, EventIndexer indexer) {
        this.preparer = preparer;
        this.indexer = indexer;
    }

    /**
     * Records one event the service emits; a bug in the event itself is an exception here, a
     * storage failure completes the returned future exceptionally (and is logged).
     *
     * @param event an ECS event in the API's shape (nested objects), {@code event.action} required
     * @return the stored event's id once it is kept
     */
    public CompletableFuture<String> record(ObjectNode event) {
        PreparedEvent prepared = preparer.prepare(event);
        return indexer.indexOne(prepared).thenApply(outcome -> {
            if (!outcome.stored()) {
                LOG.warn("Service event {} ({}) was not stored: {} {}", prepared.id(),
                        event.path("event").path("action").asText(), outcome.errorType(), outcome.reason());
                throw new IllegalStateException("service event not stored: " + outcome.errorType());
            }
            return prepared.id();
        });
    }
}
