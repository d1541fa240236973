package io.auditsearch.spool;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * An event Elasticsearch refused for good (a mapping or parsing error): kept for an admin, never
 * dropped.
 *
 * @param id        the event's id
 * @param index     the index it was written to
 * @param status    Elasticsearch's item status
 * @param errorType Elasticsearch's error type
 * @param reason    Elasticsearch's reason
 * @param failedAt  when it was refused
 * @param source    the event document as sent (JSON)
 */
@Serdeable
public record DeadLetter(String id, String index, int status, String errorType, String reason, Instant failedAt,
                         String source) {
}
