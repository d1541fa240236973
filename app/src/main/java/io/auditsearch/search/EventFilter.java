package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
import io.auditsearch.event.EcsVocabulary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a search, aggregation or export selects: full text, field filters (values within one filter
 * are OR-ed, filters are AND-ed) and the period. Search, aggregations and export all build their
 * Elasticsearch query from this one record through {@link EventQueryBuilder}.
 *
 * @param q             full text in simple_query_string syntax
 * @param actions       {@code event.action}, exact or prefix ({@code user.*})
 * @param outcomes      {@code event.outcome}
 * @param categories    {@code event.category}
 * @param types         {@code event.type}
 * @param users         {@code user.id} or {@code user.name}
 * @param targetUsers   {@code user.target.id} or {@code user.target.name}
 * @param resourceTypes {@code audit.resource.type}
 * @param resourceIds   {@code audit.resource.id}
 * @param sourceIps     {@code source.ip}: addresses or CIDR blocks
 * @param tenants       {@code organization.id}
 * @param services      {@code service.name}
 * @param levels        {@code log.level}
 * @param tags          {@code tags}
 * @param controls      {@code audit.compliance}: compliance control ids, exact or prefix ({@code PCI-DSS-10.2.*})
 * @param details       {@code audit.details.<key>} to accepted values
 * @param time          the period ({@code @timestamp})
 */
public record EventFilter(Optional<String> q, List<String> actions, List<String> outcomes, List<String> categories,
                          List<String> types, List<String> users, List<String> targetUsers, List<String> resourceTypes,
                          List<String> resourceIds, List<String> sourceIps, List<String> tenants, List<String> services,
                          List<String> levels, List<String> tags, List<String> controls, Map<String, List<String>> details,
                          TimeRange time) {

    /** The parameter names of a filter. */
    public static final Set<String> PARAMETERS = Set.of("q", "action", "outcome", "category", "type", "user",
            "target_user", "resource_type", "resource_id", "source_ip", "tenant", "service", "level", "tag", "control", "from", "to");

    private static final Pattern DETAIL_KEY = Pattern.compile("[A-Za-z0-9_@-][A-Za-z0-9_.@-]{0,127}");
    private static final int MAX_VALUES = 100;

    /** Reads and checks the filter parameters; date math is resolved against {@code now}. */
    public static EventFilter from(QueryParameters p, Instant now) {
        Map<String, List<String>> details = p.details();
        details.forEach((key, values) -> {
            if (!DETAIL_KEY.matcher(key).matches()) {
                throw BadRequestException.parameter("details." + key, "a details key is 1 to 128 letters, digits and _ . @ -");
            }
            limit("details." + key, values);
        });
        Optional<Instant> from = p.single("from").map(v -> TimeExpressions.parse("from", v, false, now));
        Optional<Instant> to = p.single("to").map(v -> TimeExpressions.parse("to", v, true, now));
        return new EventFilter(
                p.single("q"),
                limit("action", p.list("action")),
                allowed("outcome", p.list("outcome"), EcsVocabulary.OUTCOMES),
                allowed("category", p.list("category"), EcsVocabulary.CATEGORIES),
                allowed("type", p.list("type"), EcsVocabulary.TYPES),
                limit("user", p.list("user")),
                limit("target_user", p.list("target_user")),
                limit("resource_type", p.list("resource_type")),
                limit("resource_id", p.list("resource_id")),
                limit("source_ip", p.list("source_ip").stream().map(v -> IpFilter.check("source_ip", v)).toList()),
                limit("tenant", p.list("tenant")),
                limit("service", p.list("service")),
                levels(p.list("level")),
                limit("tag", p.list("tag")),
                limit("control", p.list("control")),
                details,
                new TimeRange(from, to));
    }

    private static List<String> limit(String name, List<String> values) {
        if (values.size() > MAX_VALUES) {
            throw BadRequestException.parameter(name, "takes at most " + MAX_VALUES + " values, got " + values.size());
        }
        return values;
    }

    private static List<String> allowed(String name, List<String> values, Set<String> allowed) {
        for (String v : values) {
            if (!allowed.contains(v)) {
                throw BadRequestException.parameter(name, "'" + v + "' is not one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
        return limit(name, values);
    }

    private static List<String> levels(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            String normalized = v.toLowerCase(Locale.ROOT);
            normalized = EcsVocabulary.LEVEL_ALIASES.getOrDefault(normalized, normalized);
            if (!EcsVocabulary.LEVELS.contains(normalized)) {
                throw BadRequestException.parameter("level", "'" + v + "' is not one of " + String.join(", ", EcsVocabulary.LEVELS));
            }
            out.add(normalized);
        }
        return limit("level", out);
    }
}
