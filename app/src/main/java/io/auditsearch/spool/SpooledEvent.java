package io.auditsearch.spool;

import io.auditsearch.event.PreparedEvent;
import java.time.Instant;

/**
 * One event kept in the spool, in arrival order.
 *
 * @param seq        arrival order, the row's key
 * @param event      the prepared event as it will be written
 * @param enqueuedAt when the spool took it
 */
public record SpooledEvent(long seq, PreparedEvent event, Instant enqueuedAt) {
}
