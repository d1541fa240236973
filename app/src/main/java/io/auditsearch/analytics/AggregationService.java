package io.auditsearch.analytics;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.DateHistogramBucket;
import co.elastic.clients.elasticsearch._types.aggregations.FieldDateMath;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.aggregations.TermsAggregateBase;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.auditsearch.RetentionConfiguration;
import io.auditsearch.problem.BadRequestException;
import io.auditsearch.search.EventFilter;
import io.auditsearch.search.EventQueryBuilder;
import io.auditsearch.search.QueryParameters;
import io.auditsearch.search.SearchConfiguration;
import io.auditsearch.search.SearchFailures;
import io.auditsearch.search.SearchResponses;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timeline, facets, distinct counts and "who did what" tables in one size-0 search with the same
 * filters as search. Every bucket count is bounded before the request is sent.
 */
@Singleton
public final class AggregationService {

    static final Set<String> PARAMETERS;

    static {
        Set<String> all = new HashSet<>(EventFilter.PARAMETERS);
        all.addAll(Set.of("facet", "facet_size", "group_by", "group_size", "interval", "distinct"));
        PARAMETERS = Set.copyOf(all);
    }

    /** Automatic timeline widths, smallest first. */
    private static final List<Duration> LADDER = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));
    private static final Pattern INTERVAL = Pattern.compile("(\\d{1,5})([smhd])");

    private final ElasticsearchAsyncClient client;
    private final EventQueryBuilder queries;
    private final SearchConfiguration search;
    private final AnalyticsConfiguration config;
    private final RetentionConfiguration retention;

    AggregationService(ElasticsearchAsyncClient client, EventQueryBuilder queries, SearchConfiguration search,
                       AnalyticsConfiguration config, RetentionConfiguration retention) {
        this.client = client;
        this.queries = queries;
        this.search = search;
        this.config = config;
        this.retention = retention;
    }

    /** What a request asks for, checked: the request to send and how to read its answer. */
    private record Plan(SearchRequest request, List<FacetField> facets, List<FacetField> distinct, List<FacetField> groupBy,
                        Duration interval) {
    }

    /** The Elasticsearch request {@link #aggregate} sends (the search benchmark sends it straight to Elasticsearch). */
    public SearchRequest request(QueryParameters p, Optional<String> tenantScope) {
        return plan(p, tenantScope).request();
    }

    private Plan plan(QueryParameters p, Optional<String> tenantScope) {
        p.requireKnown(PARAMETERS);
        Instant now = Instant.now();
        EventFilter filter = queries.filter(p, now);

        int facetSize = p.integer("facet_size").orElse(config.getDefaultFacetSize());
        if (facetSize < 1 || facetSize > config.getMaxFacetSize()) {
            throw tooMany("facet_size", "must be 1 to " + config.getMaxFacetSize() + ", got " + facetSize);
        }
        List<FacetField> facets = p.list("facet").stream().map(f -> FacetField.of("facet", f)).distinct().toList();
        // distinct=user,source_ip or distinct=user&distinct=source_ip: counted only when asked, each costs a cardinality pass
        List<FacetField> distinct = p.list("distinct").stream().flatMap(d -> java.util.Arrays.stream(d.split(",")))
                .map(String::trim).filter(d -> !d.isEmpty()).map(d -> FacetField.of("distinct", d)).distinct().toList();
        List<FacetField> groupBy = p.list("group_by").stream().map(f -> FacetField.of("group_by", f)).toList();
        if (groupBy.size() > 2 || groupBy.size() == 1 || (groupBy.size() == 2 && groupBy.get(0) == groupBy.get(1))) {
            throw BadRequestException.parameter("group_by", "takes two different fields (e.g. group_by=user&group_by=action), got " + groupBy.size());
        }
        int groupSize = p.integer("group_size").orElse(config.getDefaultFacetSize());
        if (groupSize < 1 || (long) groupSize * groupSize > config.getMaxGroupRows()) {
            throw tooMany("group_size", "must be 1 to " + (int) Math.sqrt(config.getMaxGroupRows())
                    + " (group_size x group_size rows may not exceed " + config.getMaxGroupRows() + "), got " + groupSize);
        }

        // the timeline needs a bounded period: without from, events older than the retention period are gone anyway
        Instant from = filter.time().from().orElse(now.minus(Duration.ofDays(retention.getDays())));
        Instant to = filter.time().to().orElse(now);
        Duration interval = interval(p.single("interval"), Duration.between(from, to));

        Query query = queries.query(filter, tenantScope);
        Map<String, Aggregation> aggs = new LinkedHashMap<>();
        // fixed interval with bounds: empty buckets are returned too, so a timeline has no holes
        aggs.put("timeline", Aggregation.of(a -> a.dateHistogram(h -> h.field("@timestamp")
                        .fixedInterval(t -> t.time(label(interval))).minDocCount(0)
                        .extendedBounds(b -> b.min(dateMath(floor(from, interval))).max(dateMath(to.toEpochMilli())))
                        .hardBounds(b -> b.min(dateMath(floor(from, interval))).max(dateMath(to.toEpochMilli()))))
                .aggregations("outcome", o -> o.terms(t -> t.field("event.outcome").size(5)))));
        for (FacetField f : facets) {
            aggs.put("facet:" + f.param, Aggregation.of(a -> a.terms(t -> t.field(f.field).size(facetSize))));
        }
        for (FacetField f : distinct) {
            // approximate distinct counts: exact below the precision threshold, HyperLogLog++ above it
            aggs.put("distinct:" + f.param, Aggregation.of(a -> a.cardinality(c -> c.field(f.field).precisionThreshold(3000))));
        }
        if (groupBy.size() == 2) {
            // top first values by count, and within each its top second values: a "who did what" table
            aggs.put("groups", Aggregation.of(a -> a.terms(t -> t.field(groupBy.get(0).field).size(groupSize))
                    .aggregations("inner", i -> i.terms(t -> t.field(groupBy.get(1).field).size(groupSize)))));
        }
        // the exact total is kept: with aggregations every matching event is visited anyway, so counting them is cheap
        SearchRequest request = SearchRequest.of(b -> b.index(queries.indices(filter.time(), now))
                .ignoreUnavailable(true).allowNoIndices(true).size(0).trackTotalHits(t -> t.enabled(true))
                .query(query).aggregations(aggs).timeout(SearchConfiguration.esTime(search.getTimeout())));
        return new Plan(request, facets, distinct, groupBy, interval);
    }

    /** Answers when Elasticsearch does, without a thread waiting for it. */
    CompletableFuture<AggregationResponse> aggregate(QueryParameters p, Optional<String> tenantScope) {
        Plan plan = plan(p, tenantScope);
        return SearchFailures.translated(client.search(plan.request(), Void.class)).thenApply(response -> read(plan, response));
    }

    private AggregationResponse read(Plan plan, SearchResponse<Void> response) {
        List<FacetField> facets = plan.facets();
        List<FacetField> groupBy = plan.groupBy();
        Duration interval = plan.interval();
        Map<String, Aggregate> result = response.aggregations();
        long total = response.hits().total() == null ? 0 : response.hits().total().value();

        List<AggregationResponse.TimeBucket> timeline = new ArrayList<>();
        for (DateHistogramBucket bucket : result.get("timeline").dateHistogram().buckets().array()) {
            Map<String, Long> outcomes = new LinkedHashMap<>();
            for (StringTermsBucket o : result.isEmpty() ? List.<StringTermsBucket>of()
                    : bucket.aggregations().get("outcome").sterms().buckets().array()) {
                outcomes.put(o.key().stringValue(), o.docCount());
            }
            timeline.add(new AggregationResponse.TimeBucket(Instant.ofEpochMilli(bucket.key()).toString(), bucket.docCount(), outcomes));
        }
        Map<String, AggregationResponse.Facet> facetResults = new LinkedHashMap<>();
        for (FacetField f : facets) {
            Aggregate agg = result.get("facet:" + f.param);
            facetResults.put(f.param, new AggregationResponse.Facet(f.field, values(agg), other(agg)));
        }
        Map<String, Long> distinct = new LinkedHashMap<>();
        for (FacetField f : plan.distinct()) {
            distinct.put(f.param, result.get("distinct:" + f.param).cardinality().value());
        }
        AggregationResponse.Groups groups = null;
        if (groupBy.size() == 2) {
            groups = groups(result.get("groups"), groupBy);
        }
        return new AggregationResponse(new SearchResponses.Total(total, "eq"),
                new AggregationResponse.Timeline(label(interval), timeline), facetResults, distinct, groups);
    }

    private AggregationResponse.Groups groups(Aggregate outer, List<FacetField> groupBy) {
        List<AggregationResponse.Row> rows = new ArrayList<>();
        long other = 0;
        for (Bucket b : buckets(outer)) {
            Aggregate inner = b.aggregations().get("inner");
            other += other(inner);
            for (Bucket i : buckets(inner)) {
                Map<String, String> keys = new LinkedHashMap<>();
                keys.put(groupBy.get(0).param, b.key());
                keys.put(groupBy.get(1).param, i.key());
                rows.add(new AggregationResponse.Row(keys, i.count()));
            }
        }
        return new AggregationResponse.Groups(groupBy.stream().map(f -> f.param).toList(), rows, other);
    }

    /** A terms bucket of any key type (keyword and ip give strings, numbers longs). */
    private record Bucket(String key, long count, Map<String, Aggregate> aggregations) {
    }

    private static List<Bucket> buckets(Aggregate agg) {
        if (agg.isSterms()) {
            return agg.sterms().buckets().array().stream()
                    .map(b -> new Bucket(b.key().stringValue(), b.docCount(), b.aggregations())).toList();
        }
        if (agg.isLterms()) {
            return agg.lterms().buckets().array().stream()
                    .map(b -> new Bucket(b.keyAsString() != null ? b.keyAsString() : String.valueOf(b.key()), b.docCount(), b.aggregations())).toList();
        }
        return List.of(); // umterms: the field is unmapped everywhere
    }

    private static List<AggregationResponse.Value> values(Aggregate agg) {
        return buckets(agg).stream().map(b -> new AggregationResponse.Value(b.key(), b.count())).toList();
    }

    private static long other(Aggregate agg) {
        TermsAggregateBase<?> terms = agg.isSterms() ? agg.sterms() : agg.isLterms() ? agg.lterms() : null;
        return terms == null || terms.sumOtherDocCount() == null ? 0 : terms.sumOtherDocCount();
    }

    private Duration interval(Optional<String> requested, Duration span) {
        if (requested.isPresent()) {
            Matcher m = INTERVAL.matcher(requested.get());
            if (!m.matches()) {
                throw BadRequestException.parameter("interval", "must be a number and a unit s, m, h or d (e.g. 1h), got '" + requested.get() + "'");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            long buckets = span.toMillis() / Math.max(1, d.toMillis()) + 1;
            if (d.isZero() || buckets > config.getMaxTimelineBuckets()) {
                throw tooMany("interval", requested.get() + " gives " + buckets + " buckets over the period, more than the limit of "
                        + config.getMaxTimelineBuckets() + "; choose a wider interval or a shorter period");
            }
            return d;
        }
        for (Duration d : LADDER) {
            if (span.toMillis() / d.toMillis() + 1 <= config.getTimelineBuckets()) {
                return d;
            }
        }
        return LADDER.getLast();
    }

    private static FieldDateMath dateMath(long epochMillis) {
        return FieldDateMath.of(m -> m.value(epochMillis));
    }

    private static long floor(Instant t, Duration interval) {
        long ms = interval.toMillis();
        return Math.floorDiv(t.toEpochMilli(), ms) * ms;
    }

    private static String label(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    private static BadRequestException tooMany(String name, String detail) {
        return new BadRequestException("too_many_buckets", "Too many buckets", name + ": " + detail);
    }
}
