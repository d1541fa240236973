package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Searches events: the first page is a plain search over the period's indices (as fast as a direct
 * query); following a cursor continues with search_after on the unique sort key (@timestamp,
 * event.id) inside a point-in-time opened by the second page, so a walk of any length sees a fixed
 * snapshot without duplicates or gaps and is not bound by max_result_window.
 */
@Singleton
public final class EventSearchService {

    private static final Logger LOG = LoggerFactory.getLogger(EventSearchService.class);
    /** The parameters of {@code GET /v1/events} and {@code POST /v1/events/_search}. */
    public static final Set<String> PARAMETERS;
    /** Parameters that may change from page to page of one cursor walk. */
    private static final Set<String> PAGE_PARAMETERS = Set.of("cursor", "size", "highlight");

    static {
        Set<String> all = new java.util.HashSet<>(EventFilter.PARAMETERS);
        all.addAll(Set.of("sort", "size", "cursor", "highlight"));
        PARAMETERS = Set.copyOf(all);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Class<Map<String, Object>> DOCUMENT = (Class) Map.class;

    private final ElasticsearchClient client;
    private final ElasticsearchAsyncClient async;
    private final RawSearch raw;
    private final EventQueryBuilder queries;
    private final CursorCodec cursors;
    private final SearchConfiguration config;

    EventSearchService(ElasticsearchClient client, ElasticsearchAsyncClient async, RawSearch raw, EventQueryBuilder queries,
                       CursorCodec cursors, SearchConfiguration config) {
        this.client = client;
        this.async = async;
        this.raw = raw;
        this.queries = queries;
        this.cursors = cursors;
        this.config = config;
    }

    /**
     * One page, written as Elasticsearch's answer arrives.
     *
     * @param body the response body, JSON, in parts
     * @param sent completes when the body ends, with how many events it held (what the read audit records)
     */
    public record Page(Publisher<byte[]> body, CompletableFuture<Integer> sent) {
    }

    /** One page of events for the request's parameters (or for its cursor). */
    public CompletableFuture<Page> search(QueryParameters p, Optional<String> tenantScope) {
        p.requireKnown(PARAMETERS);
        Instant now = Instant.now();
        int size = p.integer("size").orElse(config.getDefaultSize());
        if (size < 1 || size > config.getMaxSize()) {
            throw BadRequestException.parameter("size", "must be 1 to " + config.getMaxSize() + ", got " + size);
        }
        boolean highlight = p.flag("highlight");
        Map<String, List<String>> given = p.canonical(PAGE_PARAMETERS);
        Optional<String> token = p.single("cursor");
        // every cursor's signature is checked: it carries the filters, and so the tenant scope is re-applied below
        Optional<Cursor> cursor = token.map(c -> cursors.decode(c, now));
        if (cursor.isPresent() && !given.isEmpty() && !given.equals(cursor.get().params())) {
            throw new BadRequestException("cursor_mismatch", "The cursor belongs to another query",
                    "cursor: the filters given differ from those of the search the cursor came from; send the cursor alone or with the same filters");
        }
        Map<String, List<String>> params = cursor.map(Cursor::params).orElse(given);
        boolean asc = ascending(params);
        EventFilter filter = cursor.map(c -> replay(c, now)).orElseGet(() -> EventFilter.from(p, now));
        queries.validate(filter);
        Walk walk = new Walk(filter, queries.query(filter, tenantScope), size, highlight, now);
        return cursor.isEmpty() ? firstPage(walk, params, asc) : nextPage(cursor.get(), walk);
    }

    /** One page's query and what shapes it. */
    private record Walk(EventFilter filter, Query query, int size, boolean highlight, Instant now) {
    }

    private SearchRequest firstPageRequest(EventFilter filter, Query query, boolean asc, int size, boolean highlight, Instant now) {
        return SearchRequest.of(b -> {
            b.index(queries.indices(filter.time(), now)).ignoreUnavailable(true).allowNoIndices(true)
                    .query(query).size(size).sort(EventQueryBuilder.sort(asc))
                    .timeout(SearchConfiguration.esTime(config.getTimeout()));
            if (highlight && filter.q().isPresent()) {
                b.highlight(EventQueryBuilder.highlight());
            }
            return b;
        });
    }

    private CompletableFuture<Page> firstPage(Walk walk, Map<String, List<String>> params, boolean asc) {
        EventFilter filter = walk.filter();
        int size = walk.size();
        SearchRequest request = firstPageRequest(filter, walk.query(), asc, size, walk.highlight(), walk.now());
        PageStream page = new PageStream(answer -> {
            long value = answer.total() < 0 ? answer.count() : answer.total();
            boolean exact = answer.total() < 0 || answer.exact();
            String next = null;
            if (answer.count() == size && (!exact || value > size)) {
                next = cursors.encode(new Cursor(CursorCodec.version(), null, answer.last().time(), answer.last().id(), params,
                        filter.time().from().map(Instant::toEpochMilli).orElse(null),
                        filter.time().to().map(Instant::toEpochMilli).orElse(null),
                        asc, value, exact, answer.count(), walk.now().plus(config.getPitKeepAlive()).toEpochMilli()));
            }
            return new PageStream.Tail(value, exact, next);
        });
        raw.stream(request, page);
        return page.started().thenApply(body -> new Page(body, page.sent()));
    }

    private CompletableFuture<Page> nextPage(Cursor cursor, Walk walk) {
        CompletableFuture<String> opened = cursor.pit() != null ? CompletableFuture.completedFuture(cursor.pit())
                : openPit(queries.indices(walk.filter().time(), walk.now()));
        return opened.thenCompose(pit -> {
            PageStream page = new PageStream(answer -> {
                long seen = cursor.seen() + answer.count();
                String pitId = answer.pitId() != null ? answer.pitId() : pit;
                String next = null;
                if (answer.count() == walk.size() && (!cursor.exact() || seen < cursor.total())) {
                    next = cursors.encode(new Cursor(CursorCodec.version(), pitId, answer.last().time(), answer.last().id(), cursor.params(),
                            cursor.from(), cursor.to(), cursor.asc(), cursor.total(), cursor.exact(), seen,
                            walk.now().plus(config.getPitKeepAlive()).toEpochMilli()));
                } else {
                    closePit(pitId);
                }
                long total = cursor.exact() ? cursor.total() : Math.max(cursor.total(), seen);
                return new PageStream.Tail(total, cursor.exact(), next);
            });
            raw.stream(nextPageRequest(cursor, pit, walk.filter(), walk.query(), walk.size(), walk.highlight()), page);
            return page.started().thenApply(body -> new Page(body, page.sent()));
        });
    }

    private SearchRequest nextPageRequest(Cursor cursor, String pit, EventFilter filter, Query query, int size, boolean highlight) {
        String keepAlive = SearchConfiguration.esTime(config.getPitKeepAlive());
        return SearchRequest.of(b -> {
            // the PIT fixes the indices and the snapshot; the sort key continues exactly after the last event
            b.pit(pt -> pt.id(pit).keepAlive(k -> k.time(keepAlive)))
                    .query(query).size(size).sort(EventQueryBuilder.sort(cursor.asc()))
                    .searchAfter(FieldValue.of(cursor.ts()), FieldValue.of(cursor.id()))
                    .trackTotalHits(t -> t.enabled(false))
                    .timeout(SearchConfiguration.esTime(config.getTimeout()));
            if (highlight && filter.q().isPresent()) {
                b.highlight(EventQueryBuilder.highlight());
            }
            return b;
        });
    }

    /** One event by {@code event.id}, from whichever dated index holds it. */
    public Optional<Map<String, Object>> get(String id, Optional<String> tenantScope) {
        SearchRequest request = SearchRequest.of(b -> b.index(EventQueryBuilder.ALIAS).ignoreUnavailable(true).allowNoIndices(true)
                // _id is event.id in every dated index; the tenant scope still applies
                .query(q -> q.bool(bb -> {
                    bb.filter(f -> f.ids(i -> i.values(id)));
                    tenantScope.ifPresent(t -> bb.filter(f -> f.term(tm -> tm.field("organization.id").value(t))));
                    return bb;
                })).size(1));
        return execute(request).hits().hits().stream().findFirst().map(Hit::source);
    }

    /** The filter of a cursor's query, with its period as resolved on the first page. */
    private static EventFilter replay(Cursor cursor, Instant now) {
        Map<String, List<String>> params = new TreeMap<>(cursor.params());
        params.remove("from");
        params.remove("to");
        if (cursor.from() != null) {
            params.put("from", List.of(Instant.ofEpochMilli(cursor.from()).toString()));
        }
        if (cursor.to() != null) {
            params.put("to", List.of(Instant.ofEpochMilli(cursor.to()).toString()));
        }
        return EventFilter.from(QueryParameters.of(params), now);
    }

    static boolean ascending(Map<String, List<String>> params) {
        String sort = params.getOrDefault("sort", List.of("desc")).getFirst();
        return switch (sort) {
            case "asc", "@timestamp:asc", "+@timestamp" -> true;
            case "desc", "@timestamp:desc", "-@timestamp", "@timestamp" -> false;
            default -> throw BadRequestException.parameter("sort", "must be desc (newest first, the default) or asc, got '" + sort + "'");
        };
    }

    private SearchResponse<Map<String, Object>> execute(SearchRequest request) {
        return SearchFailures.execute(() -> client.search(request, DOCUMENT));
    }

    private CompletableFuture<String> openPit(List<String> indices) {
        return SearchFailures.translated(async.openPointInTime(o -> o.index(indices).ignoreUnavailable(true)
                .keepAlive(k -> k.time(SearchConfiguration.esTime(config.getPitKeepAlive()))))).thenApply(open -> open.id());
    }

    private void closePit(String pit) {
        async.closePointInTime(c -> c.id(pit)).whenComplete((closed, failure) -> {
            if (failure != null) {
                LOG.debug("Could not close point-in-time (it expires by itself): {}", failure.toString());
            }
        });
    }
}
