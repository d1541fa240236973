package io.auditsearch.retention;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.CountRequest;
import co.elastic.clients.json.JsonData;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which indices hold events of a legal hold. Asked of the documents, not the index names: a tenant
 * hold keeps only indices with that tenant's events, and an index filed under another granularity
 * is still found.
 */
@Singleton
class HeldIndices {

    private static final int MAX_INDICES = 10_000;

    private final ElasticsearchClient client;

    HeldIndices(ElasticsearchClient client) {
        this.client = client;
    }

    /** The ids of the holds among {@code holds} that have events in {@code index} (one count per hold). */
    List<String> holdsKeeping(String index, List<LegalHold> holds) {
        List<String> keeping = new ArrayList<>();
        for (LegalHold hold : holds) {
            if (count(index, heldEvents(hold)) > 0) {
                keeping.add(hold.id());
            }
        }
        return keeping;
    }

    /** For every audit index with held events, the ids of the holds keeping it (one search per hold). */
    Map<String, List<String>> keptIndices(List<LegalHold> holds) {
        Map<String, List<String>> kept = new TreeMap<>();
        for (LegalHold hold : holds) {
            try {
                // size 0 with a terms aggregation on _index: which indices have the hold's events, in one request
                var response = client.search(s -> s.index(IndexInventory.PATTERN).allowNoIndices(true).ignoreUnavailable(true)
                        .size(0).query(heldEvents(hold))
                        .aggregations("index", a -> a.terms(t -> t.field("_index").size(MAX_INDICES))), Void.class);
                for (StringTermsBucket b : response.aggregations().get("index").sterms().buckets().array()) {
                    kept.computeIfAbsent(b.key().stringValue(), k -> new ArrayList<>()).add(hold.id());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return kept;
    }

    /** Whether {@code index} has an event at or after {@code since}: then it is not wholly expired, whatever its name says. */
    boolean hasEventsSince(String index, Instant since) {
        // one range filter on @timestamp: the same field the index name was derived from
        return count(index, Query.of(q -> q.range(r -> r.untyped(u -> u.field("@timestamp").gte(JsonData.of(since.toString())))))) > 0;
    }

    /** The events a hold covers: {@code @timestamp} in [from, to], and of its tenant when it has one. */
    static Query heldEvents(LegalHold hold) {
        // filter context only: no scoring, cacheable; both ends inclusive as the hold says
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.range(r -> r.untyped(u -> u.field("@timestamp")
                    .gte(JsonData.of(hold.from())).lte(JsonData.of(hold.to())))));
            hold.tenantId().ifPresent(t -> b.filter(f -> f.term(x -> x.field("organization.id").value(t))));
            return b;
        }));
    }

    private long count(String index, Query query) {
        try {
            return client.count(CountRequest.of(c -> c.index(index).ignoreUnavailable(true).query(query))).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
