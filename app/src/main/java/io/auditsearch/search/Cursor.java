package io.auditsearch.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Map;

/**
 * What a cursor carries from one page to the next (signed by {@link CursorCodec}, so clients cannot
 * change it): the query it belongs to, where the last page ended and the point-in-time to continue in.
 *
 * @param v        format version
 * @param pit      point-in-time id; absent after the first page, which is served without one
 * @param ts       {@code @timestamp} (epoch millis) of the last event returned
 * @param id       {@code event.id} of the last event returned
 * @param params   the request's filter parameters as given (compared with a request that repeats them)
 * @param from     resolved start of the period (epoch millis), so {@code now-24h} stays the same period
 * @param to       resolved end of the period (epoch millis)
 * @param asc      oldest first
 * @param total    total hits found by the first page
 * @param exact    whether {@code total} is exact ({@code eq}) or a lower bound ({@code gte})
 * @param seen     events returned so far
 * @param expires  epoch millis after which the cursor is refused (its point-in-time is gone)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Cursor(int v, @Nullable String pit, long ts, String id, Map<String, List<String>> params, @Nullable Long from,
              @Nullable Long to, boolean asc, long total, boolean exact, long seen, long expires) {
}
