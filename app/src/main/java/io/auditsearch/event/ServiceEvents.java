package io.auditsearch.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/**
 * The audit trail of the service itself: events the service records about what its callers did to the audit log
 * (searches, exports, keys, legal holds). They are ECS events like any other, validated by the same rules and
 * written through the same durable path as events posted to {@code /v1/events}.
 */
public interface ServiceEvents {

    /**
     * Records one event the service emits, without blocking the caller; a bug in the event itself is an exception
     * here, a storage failure completes the returned future exceptionally (and is logged).
     *
     * @param event an ECS event in the API's shape (nested objects), {@code event.action} required
     * @return the event's id once it is kept (in Elasticsearch or the durable spool)
     */
    CompletableFuture<String> record(ObjectNode event);
}
