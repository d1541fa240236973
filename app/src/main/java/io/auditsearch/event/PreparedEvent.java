package io.auditsearch.event;

import java.time.Instant;

/**
 * An event that passed validation, enriched and serialized exactly as it will be stored.
 *
 * @param id        {@code event.id}, also the document {@code _id}
 * @param index     concrete dated index chosen from {@code @timestamp}
 * @param timestamp the event time
 * @param source    the ECS document as UTF-8 JSON
 */
public record PreparedEvent(String id, String index, Instant timestamp, byte[] source) {
}
