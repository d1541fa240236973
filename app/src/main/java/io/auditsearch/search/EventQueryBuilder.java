package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.SimpleQueryStringFlag;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.util.NamedValue;
import co.elastic.clients.elasticsearch.core.search.Highlight;
import co.elastic.clients.elasticsearch.core.search.HighlighterType;
import io.auditsearch.event.EventIndexNaming;
import io.auditsearch.event.EventRules;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the Elasticsearch query of an {@link EventFilter}, for search, aggregations and export alike.
 * Every filter goes into the bool's {@code filter} clause (cached, not scored); only {@code q} scores.
 * A tenant scope, when given, is one more {@code filter} clause: nothing in {@code q} or the other
 * filters can widen it, because they are AND-ed with it and {@code q} is a simple_query_string over a
 * fixed field list (it has no {@code field:value} syntax to reach {@code organization.id}).
 */
@Singleton
public final class EventQueryBuilder {

    /** The read alias spanning every dated index. */
    public static final String ALIAS = EventIndexNaming.PREFIX;
    /** Where {@code q} looks: messages, user and resource names, action, error and the text of details. */
    static final List<String> TEXT_FIELDS = List.of("message", "event.action.text", "user.name.text",
            "user.full_name.text", "user.target.name.text", "audit.resource.name.text", "error.message",
            "event.reason.text", "audit.details_text");

    private final EventIndexNaming naming;
    private final SearchConfiguration config;
    private final QuerySyntax syntax;

    EventQueryBuilder(EventRules rules, SearchConfiguration config) {
        this.naming = new EventIndexNaming(rules.getIndexGranularity());
        this.config = config;
        this.syntax = new QuerySyntax(config);
    }

    /** Checks what only a query can get wrong ({@code q} syntax and cost, prefix filters) without building it. */
    public void validate(EventFilter filter) {
        filter.q().ifPresent(syntax::check);
    }

    /** Reads the filters of a request (dates resolved against {@code now}) and checks {@code q}. */
    public EventFilter filter(QueryParameters p, Instant now) {
        EventFilter filter = EventFilter.from(p, now);
        validate(filter);
        return filter;
    }

    /**
     * The query of {@code filter}, restricted to {@code tenantScope} when present (a later issue binds
     * API keys to a tenant; the scope is then forced here whatever the request says).
     */
    public Query query(EventFilter filter, Optional<String> tenantScope) {
        List<Query> filters = new ArrayList<>();
        tenantScope.ifPresent(t -> filters.add(Query.of(q -> q.term(tm -> tm.field("organization.id").value(t)))));
        TimeRange time = filter.time();
        if (time.from().isPresent() || time.to().isPresent()) {
            // a range on @timestamp also lets Elasticsearch skip whole shards outside the period (can_match)
            filters.add(Query.of(q -> q.range(r -> r.date(d -> {
                d.field("@timestamp").format("strict_date_optional_time");
                time.from().ifPresent(f -> d.gte(f.toString()));
                time.to().ifPresent(t -> d.lte(t.toString()));
                return d;
            }))));
        }
        keywords(filters, "action", List.of("event.action"), filter.actions(), true);
        keywords(filters, "outcome", List.of("event.outcome"), filter.outcomes(), false);
        keywords(filters, "category", List.of("event.category"), filter.categories(), false);
        keywords(filters, "type", List.of("event.type"), filter.types(), false);
        // a user is named by id or by name: either field may match
        keywords(filters, "user", List.of("user.id", "user.name"), filter.users(), true);
        keywords(filters, "target_user", List.of("user.target.id", "user.target.name"), filter.targetUsers(), true);
        keywords(filters, "resource_type", List.of("audit.resource.type"), filter.resourceTypes(), true);
        keywords(filters, "resource_id", List.of("audit.resource.id"), filter.resourceIds(), true);
        keywords(filters, "tenant", List.of("organization.id"), filter.tenants(), false);
        keywords(filters, "service", List.of("service.name"), filter.services(), true);
        keywords(filters, "level", List.of("log.level"), filter.levels(), false);
        keywords(filters, "tag", List.of("tags"), filter.tags(), true);
        keywords(filters, "control", List.of("audit.compliance"), filter.controls(), true);
        if (!filter.sourceIps().isEmpty()) {
            // term on an ip field takes both single addresses and CIDR blocks
            filters.add(anyOf(filter.sourceIps().stream()
                    .map(ip -> Query.of(q -> q.term(t -> t.field("source.ip").value(ip)))).toList()));
        }
        for (Map.Entry<String, List<String>> detail : filter.details().entrySet()) {
            // flattened fields answer keyed term queries: audit.details.<key> holds that key's leaf values
            keywords(filters, "details." + detail.getKey(), List.of("audit.details." + detail.getKey()), detail.getValue(), false);
        }
        Optional<Query> text = filter.q().map(q -> {
            syntax.check(q);
            // simple_query_string never throws and has no field:value syntax; explicit fields keep q inside them
            return Query.of(x -> x.simpleQueryString(s -> s.query(q).fields(TEXT_FIELDS).defaultOperator(Operator.And)
                    .flags(SimpleQueryStringFlag.And, SimpleQueryStringFlag.Or, SimpleQueryStringFlag.Not, SimpleQueryStringFlag.Prefix,
                            SimpleQueryStringFlag.Phrase, SimpleQueryStringFlag.Precedence, SimpleQueryStringFlag.Escape,
                            SimpleQueryStringFlag.Whitespace, SimpleQueryStringFlag.Fuzzy, SimpleQueryStringFlag.Near)
                    .fuzzyMaxExpansions(50)));
        });
        if (filters.isEmpty() && text.isEmpty()) {
            return Query.of(q -> q.matchAll(m -> m));
        }
        return Query.of(q -> q.bool(b -> {
            b.filter(filters);
            text.ifPresent(b::must);
            return b;
        }));
    }

    /** Exact values as one terms query per field, prefix values ({@code user.*}) as prefix queries; any may match. */
    private void keywords(List<Query> filters, String param, List<String> fields, List<String> values, boolean prefixAllowed) {
        if (values.isEmpty()) {
            return;
        }
        List<FieldValue> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String v : values) {
            int star = v.indexOf('*');
            if (star < 0 || !prefixAllowed) {
                exact.add(FieldValue.of(v));
            } else if (star == 0) {
                throw BadRequestException.parameter(param, "'" + v + "' starts with '*': leading wildcards are not supported (they scan every term)");
            } else if (star != v.length() - 1 || v.indexOf('?') >= 0) {
                throw BadRequestException.parameter(param, "'" + v + "': '*' is only allowed at the end (prefix, e.g. user.*)");
            } else if (star < config.getMinPrefixLength()) {
                throw BadRequestException.parameter(param, "'" + v + "': a prefix needs at least " + config.getMinPrefixLength() + " characters before '*'");
            } else {
                prefixes.add(v.substring(0, star));
            }
        }
        List<Query> any = new ArrayList<>();
        for (String field : fields) {
            if (!exact.isEmpty()) {
                any.add(Query.of(q -> q.terms(t -> t.field(field).terms(tv -> tv.value(exact)))));
            }
            for (String prefix : prefixes) {
                any.add(Query.of(q -> q.prefix(p -> p.field(field).value(prefix))));
            }
        }
        filters.add(anyOf(any));
    }

    private static Query anyOf(List<Query> queries) {
        return queries.size() == 1 ? queries.getFirst()
                : Query.of(q -> q.bool(b -> b.should(queries).minimumShouldMatch("1")));
    }

    /** Newest first (or oldest first), with event.id as a unique tie-breaker so search_after never skips or repeats. */
    public static List<SortOptions> sort(boolean ascending) {
        SortOrder order = ascending ? SortOrder.Asc : SortOrder.Desc;
        return List.of(
                SortOptions.of(s -> s.field(f -> f.field("@timestamp").order(order))),
                SortOptions.of(s -> s.field(f -> f.field("event.id").order(order))));
    }

    /** Highlights on the fields {@code q} searched; only fields the query matched get fragments. */
    static Highlight highlight() {
        return Highlight.of(h -> {
            h.type(HighlighterType.Unified).requireFieldMatch(true).numberOfFragments(3).fragmentSize(150)
                    .preTags("<em>").postTags("</em>");
            for (String field : TEXT_FIELDS) {
                h.fields(NamedValue.of(field, HighlightField.of(f -> f)));
            }
            return h;
        });
    }

    /**
     * The indices a period lives in. With a start, the dated indices of the period are named (missing ones
     * ignored), so Elasticsearch does not even open the others; without a start, or for a period of more
     * than {@code maxNamedIndices} indices (the URL would grow too long), the read alias with the range
     * filter, where Elasticsearch's can_match phase skips the shards outside the period.
     */
    public List<String> indices(TimeRange time, Instant now) {
        if (time.from().isEmpty()) {
            return List.of(ALIAS);
        }
        // events may carry a timestamp slightly in the future (clock skew): include the next period too
        Instant end = time.to().orElse(now.plus(Duration.ofDays(1)));
        LocalDate first = naming.periodStart(time.from().get().atOffset(ZoneOffset.UTC).toLocalDate());
        LocalDate last = naming.periodStart(end.atOffset(ZoneOffset.UTC).toLocalDate());
        List<String> names = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = naming.periodEnd(d)) {
            if (names.size() == config.getMaxNamedIndices()) {
                return List.of(ALIAS);
            }
            names.add(naming.indexFor(d.atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        return names;
    }
}
