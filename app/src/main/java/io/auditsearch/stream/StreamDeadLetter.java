package io.auditsearch.stream;

import java.time.Instant;

/** An event a destination refused for good, with its reason: kept until replayed. */
record StreamDeadLetter(StreamedEvent event, String reason, Instant refusedAt) {
}
