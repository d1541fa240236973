package io.auditsearch.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/** Bodies of the search endpoints. */
public final class SearchResponses {

    private SearchResponses() {
    }

    /**
     * How many events match.
     *
     * @param value    the count
     * @param relation {@code eq} when exact, {@code gte} when a lower bound (counting stops at 10,000 for speed)
     */
    @Serdeable
    public record Total(long value, String relation) {
    }

    /**
     * One page of events.
     *
     * @param events      the stored ECS documents, with {@code _highlight} (field to fragments) when asked
     * @param total       events matching the query (after the events: a page is written as Elasticsearch's answer arrives)
     * @param next_cursor pass as {@code cursor} for the next page; absent on the last page
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(List<Map<String, Object>> events, Total total,
                       @Nullable @JsonProperty("next_cursor") String next_cursor) {
    }
}
