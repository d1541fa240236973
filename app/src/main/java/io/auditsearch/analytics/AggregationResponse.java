package io.auditsearch.analytics;

import io.auditsearch.search.SearchResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code /v1/events/_aggregate}.
 *
 * @param total    events matching the filters (exact)
 * @param timeline events over time, each bucket split by outcome
 * @param facets   per requested field, its top values
 * @param distinct per requested field ({@code distinct=user,source_ip}), its approximate distinct count
 * @param groups   the group_by table, when asked
 */
@Serdeable
public record AggregationResponse(SearchResponses.Total total, Timeline timeline, Map<String, Facet> facets,
                                  Map<String, Long> distinct, @Schema(nullable = false, description = "absent when there is none") @Nullable Groups groups) {

    /**
     * @param interval the bucket width (e.g. {@code 1h}), chosen from the period unless given
     * @param buckets  one per interval, including empty ones
     */
    @Serdeable
    public record Timeline(String interval, List<TimeBucket> buckets) {
    }

    /**
     * @param time     start of the bucket (RFC 3339, UTC)
     * @param count    events in the bucket
     * @param outcomes count per {@code event.outcome}
     */
    @Serdeable
    public record TimeBucket(String time, long count, Map<String, Long> outcomes) {
    }

    /**
     * @param field   the event field
     * @param values  top values by count
     * @param other   events with a value outside the top values
     */
    @Serdeable
    public record Facet(String field, List<Value> values, long other) {
    }

    @Serdeable
    public record Value(String value, long count) {
    }

    /**
     * @param fields the two grouping fields, in order
     * @param rows   one row per (first, second) pair: keys by field name, and the count
     * @param other  events of the top first values whose second value is outside its top values
     */
    @Serdeable
    public record Groups(List<String> fields, List<Row> rows, long other) {
    }

    @Serdeable
    public record Row(Map<String, String> keys, long count) {
    }
}
