package io.auditsearch.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.event.EventPreparer;
import io.auditsearch.event.PreparedEvent;
import io.auditsearch.event.ServiceEvents;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records the service's own events through the same preparation and durable delivery as events posted to the API. */
@Singleton
final class ServiceEventRecorder implements ServiceEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceEventRecorder.class);

    private final EventPreparer preparer;
    private final EventIndexer indexer;
    private final EventDelivery delivery;
    private final IngestConfiguration config;

    ServiceEventRecorder(EventPreparer preparer, EventIndexer indexer, EventDelivery delivery, IngestConfiguration config) {
        this.preparer = preparer;
        this.indexer = indexer;
        this.delivery = delivery;
        this.config = config;
    }

    @Override
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
