package io.auditsearch.stream;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One stored event as a stream sends it.
 *
 * @param sequence position in this instance's acceptance order; increases by destination, never reused
 * @param id       the event's {@code event.id}, the receiver's idempotency key
 * @param tenant   {@code organization.id}, empty for events without a tenant
 * @param source   the document exactly as stored in Elasticsearch ({@code _source}, UTF-8 JSON)
 * @param log      the integrity log's origin once the event is integrated
 * @param leaf     its leaf index in that log once integrated
 */
public record StreamedEvent(long sequence, String id, Optional<String> tenant, byte[] source,
                            Optional<String> log, OptionalLong leaf) {
}
