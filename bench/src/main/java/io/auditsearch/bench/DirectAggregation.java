package io.auditsearch.bench;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Elasticsearch request of an aggregation question, built as the service's
 * {@code AggregationService} builds it: one size-0 search with the question's query, a fixed-interval
 * timeline (interval from the same ladder, extended and hard bounds) split by outcome, a terms
 * aggregation per facet, two cardinalities, exact total; sent as the typed client sends it.
 */
final class DirectAggregation {

    private static final List<Duration> LADDER = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));
    private static final int TIMELINE_BUCKETS = 60;
    private static final int FACET_SIZE = 10;
    /** The facet parameters the mix uses and their fields (the service's FacetField). */
    private static final Map<String, String> FACETS = Map.of("action", "event.action", "outcome", "event.outcome",
            "user", "user.name", "tenant", "organization.id", "service", "service.name", "source_ip", "source.ip");

    private DirectAggregation() {
    }

    static DirectQuery.Call of(Question q) {
        Instant from = DirectQuery.from(q);
        Instant to = DirectQuery.to(q);
        Duration interval = interval(Duration.between(from, to));
        long min = Math.floorDiv(from.toEpochMilli(), interval.toMillis()) * interval.toMillis();
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        aggs.put("timeline", Aggregation.of(a -> a.dateHistogram(h -> h.field("@timestamp")
                        .fixedInterval(t -> t.time(label(interval))).minDocCount(0)
                        .extendedBounds(b -> b.min(math(min)).max(math(to.toEpochMilli())))
                        .hardBounds(b -> b.min(math(min)).max(math(to.toEpochMilli()))))
                .aggregations("outcome", o -> o.terms(t -> t.field("event.outcome").size(5)))));
        for (String facet : q.list("facet").stream().distinct().toList()) {
            aggs.put("facet:" + facet, Aggregation.of(a -> a.terms(t -> t.field(FACETS.get(facet)).size(FACET_SIZE))));
        }
        for (String name : distinct(q)) {
            aggs.put("distinct:" + name, Aggregation.of(a -> a.cardinality(c -> c.field(FACETS.get(name)).precisionThreshold(3000))));
        }
        SearchRequest request = SearchRequest.of(b -> b.index(DirectQuery.indices(q)).ignoreUnavailable(true).allowNoIndices(true)
                .size(0).trackTotalHits(t -> t.enabled(true)).query(DirectQuery.query(q)).aggregations(aggs)
                .timeout(DirectQuery.TIMEOUT));
        return DirectQuery.call(request, Optional.empty());
    }

    /** The fields whose distinct values the question asks to count ({@code distinct=user,source_ip}), as the service reads them. */
    static java.util.List<String> distinct(Question q) {
        return q.list("distinct").stream().flatMap(d -> java.util.Arrays.stream(d.split(","))).map(String::trim)
                .filter(d -> !d.isEmpty()).distinct().toList();
    }

    /** The timeline width the service picks for a period: the narrowest of the ladder giving at most 60 buckets. */
    static Duration interval(Duration span) {
        for (Duration d : LADDER) {
            if (span.toMillis() / d.toMillis() + 1 <= TIMELINE_BUCKETS) {
                return d;
            }
        }
        return LADDER.getLast();
    }

    private static FieldDateMath math(long epochMillis) {
        return FieldDateMath.of(m -> m.value(epochMillis));
    }

    private static String label(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        return s % 3_600 == 0 ? s / 3_600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
