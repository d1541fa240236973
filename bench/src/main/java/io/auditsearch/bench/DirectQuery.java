package io.auditsearch.bench;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.SimpleQueryStringFlag;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.search.Highlight;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterType;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.util.NamedValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Elasticsearch query equivalent to a {@link Question}, built with elasticsearch-java's builders
 * the way the service's {@code EventQueryBuilder} does (filters in a bool's filter clause, terms or
 * prefix per keyword field, {@code q} as a simple_query_string over the same fields, newest first with
 * event.id as tie-breaker, the period's dated indices named) and sent as the service sends it: the
 * search's raw form with the same {@code filter_path}. {@link DirectAggregation} adds the aggregations.
 */
final class DirectQuery {

    /** A request as sent over HTTP: path with query string, and JSON body. */
    record Call(String path, byte[] body) {
    }

    static final String SEARCH_FILTER_PATH = "timed_out,pit_id,hits.total,hits.hits._source,hits.hits.highlight,hits.hits.sort";
    static final String TIMEOUT = "20000ms";
    static final List<String> TEXT_FIELDS = List.of("message", "event.action.text", "user.name.text",
            "user.full_name.text", "user.target.name.text", "audit.resource.name.text", "error.message",
            "event.reason.text", "audit.details_text");
    private static final JacksonJsonpMapper JSONP = new JacksonJsonpMapper();

    private DirectQuery() {
    }

    /** A first page of {@code GET /v1/events}. */
    static Call search(Question q) {
        int size = Integer.parseInt(q.single("size", "50"));
        boolean highlight = Boolean.parseBoolean(q.single("highlight", "false"));
        SearchRequest request = SearchRequest.of(b -> {
            b.index(indices(q)).ignoreUnavailable(true).allowNoIndices(true).query(query(q)).size(size)
                    .sort(List.of(SortOptions.of(s -> s.field(f -> f.field("@timestamp").order(SortOrder.Desc))),
                            SortOptions.of(s -> s.field(f -> f.field("event.id").order(SortOrder.Desc)))))
                    .timeout(TIMEOUT);
            if (highlight && !q.list("q").isEmpty()) {
                b.highlight(highlight());
            }
            return b;
        });
        return call(request, Optional.of(SEARCH_FILTER_PATH));
    }

    /** The HTTP form of {@code request}: the endpoint's URL and parameters, without typed_keys when a filter_path is given. */
    static Call call(SearchRequest request, Optional<String> filterPath) {
        Map<String, String> parameters = new LinkedHashMap<>(SearchRequest._ENDPOINT.queryParameters(request));
        filterPath.ifPresent(f -> {
            parameters.remove("typed_keys");
            parameters.put("filter_path", f);
        });
        StringBuilder uri = new StringBuilder(SearchRequest._ENDPOINT.requestUrl(request));
        char sep = '?';
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            uri.append(sep).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return new Call(uri.toString(), JsonpUtils.toJsonString(request, JSONP).getBytes(StandardCharsets.UTF_8));
    }

    static Instant from(Question q) {
        return Instant.parse(q.single("from", null));
    }

    static Instant to(Question q) {
        return Instant.parse(q.single("to", null));
    }

    /** The period's daily indices, first to last, as the service names them (the mix always gives from and to). */
    static List<String> indices(Question q) {
        List<String> names = new ArrayList<>();
        LocalDate last = to(q).atOffset(ZoneOffset.UTC).toLocalDate();
        for (LocalDate d = from(q).atOffset(ZoneOffset.UTC).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
            names.add(String.format("audit-events-%04d.%02d.%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
        }
        return names;
    }

    static Query query(Question q) {
        List<Query> filters = new ArrayList<>();
        filters.add(Query.of(x -> x.range(r -> r.date(d -> d.field("@timestamp").format("strict_date_optional_time")
                .gte(from(q).toString()).lte(to(q).toString())))));
        keywords(filters, List.of("event.action"), q.list("action"));
        keywords(filters, List.of("event.outcome"), q.list("outcome"));
        keywords(filters, List.of("user.id", "user.name"), q.list("user"));
        keywords(filters, List.of("organization.id"), q.list("tenant"));
        keywords(filters, List.of("service.name"), q.list("service"));
        if (!q.list("source_ip").isEmpty()) {
            filters.add(anyOf(q.list("source_ip").stream().map(ip -> Query.of(x -> x.term(t -> t.field("source.ip").value(ip)))).toList()));
        }
        Optional<Query> text = q.list("q").stream().findFirst().map(s -> Query.of(x -> x.simpleQueryString(m -> m.query(s)
                .fields(TEXT_FIELDS).defaultOperator(Operator.And)
                .flags(SimpleQueryStringFlag.And, SimpleQueryStringFlag.Or, SimpleQueryStringFlag.Not, SimpleQueryStringFlag.Prefix,
                        SimpleQueryStringFlag.Phrase, SimpleQueryStringFlag.Precedence, SimpleQueryStringFlag.Escape,
                        SimpleQueryStringFlag.Whitespace, SimpleQueryStringFlag.Fuzzy, SimpleQueryStringFlag.Near)
                .fuzzyMaxExpansions(50))));
        return Query.of(x -> x.bool(b -> {
            b.filter(filters);
            text.ifPresent(b::must);
            return b;
        }));
    }

    /** Exact values as a terms query per field, {@code prefix*} values as prefix queries; any may match. */
    private static void keywords(List<Query> filters, List<String> fields, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        List<FieldValue> exact = values.stream().filter(v -> !v.endsWith("*")).map(FieldValue::of).toList();
        List<String> prefixes = values.stream().filter(v -> v.endsWith("*")).map(v -> v.substring(0, v.length() - 1)).toList();
        List<Query> any = new ArrayList<>();
        for (String field : fields) {
            if (!exact.isEmpty()) {
                any.add(Query.of(x -> x.terms(t -> t.field(field).terms(tv -> tv.value(exact)))));
            }
            for (String prefix : prefixes) {
                any.add(Query.of(x -> x.prefix(p -> p.field(field).value(prefix))));
            }
        }
        filters.add(anyOf(any));
    }

    private static Query anyOf(List<Query> queries) {
        return queries.size() == 1 ? queries.getFirst() : Query.of(x -> x.bool(b -> b.should(queries).minimumShouldMatch("1")));
    }

    private static Highlight highlight() {
        return Highlight.of(h -> {
            h.type(HighlighterType.Unified).requireFieldMatch(true).numberOfFragments(3).fragmentSize(150)
                    .preTags("<em>").postTags("</em>");
            for (String field : TEXT_FIELDS) {
                h.fields(NamedValue.of(field, HighlightField.of(f -> f)));
            }
            return h;
        });
    }
}
