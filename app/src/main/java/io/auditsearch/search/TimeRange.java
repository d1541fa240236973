package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
import java.time.Instant;
import java.util.Optional;

/**
 * The resolved period of a query: both ends inclusive, already absolute (date math such as
 * {@code now-24h} is resolved once, so every page of a cursor walk covers the same period).
 */
public record TimeRange(Optional<Instant> from, Optional<Instant> to) {

    public static final TimeRange ALL = new TimeRange(Optional.empty(), Optional.empty());

    public TimeRange {
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw BadRequestException.parameter("from", "lies after to (" + from.get() + " > " + to.get() + ")");
        }
    }
}
