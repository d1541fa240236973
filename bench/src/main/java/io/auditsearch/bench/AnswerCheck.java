package io.auditsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks the service's answer against Elasticsearch's own answer to the equivalent query: for a
 * search the same event ids in the same order and the same total; for an aggregation the same total,
 * timeline buckets (time, count, outcomes), facet values with their counts and other count, and
 * distinct counts. A difference is an exception naming the question.
 */
final class AnswerCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnswerCheck() {
    }

    /** Throws unless both answers agree; answers a short description of what was compared. */
    static String check(Question q, byte[] service, byte[] direct) throws IOException {
        JsonNode s = JSON.readTree(service);
        JsonNode d = JSON.readTree(direct);
        Object fromService = q.kind() == Question.Kind.SEARCH ? page(s) : aggregation(s);
        Object fromElasticsearch = q.kind() == Question.Kind.SEARCH ? hits(d) : aggregations(d, q);
        if (!Objects.equals(fromService, fromElasticsearch)) {
            throw new IllegalStateException(q.name() + ": the service's answer differs from Elasticsearch's:\n  service:       "
                    + Http.preview(String.valueOf(fromService)) + "\n  elasticsearch: " + Http.preview(String.valueOf(fromElasticsearch)));
        }
        return q.kind() == Question.Kind.SEARCH ? ((List<?>) ((Map<?, ?>) fromService).get("ids")).size() + " events"
                : ((Map<?, ?>) fromService).get("total") + " events aggregated";
    }

    private static Map<String, Object> page(JsonNode s) {
        List<String> ids = new ArrayList<>();
        s.path("events").forEach(e -> ids.add(e.at("/event/id").asText()));
        return Map.of("ids", ids, "total", s.at("/total/value").asLong(), "relation", s.at("/total/relation").asText());
    }

    private static Map<String, Object> hits(JsonNode d) {
        List<String> ids = new ArrayList<>();
        d.at("/hits/hits").forEach(h -> ids.add(h.at("/_source/event/id").asText()));
        return Map.of("ids", ids, "total", d.at("/hits/total/value").asLong(), "relation", d.at("/hits/total/relation").asText());
    }

    private static Map<String, Object> aggregation(JsonNode s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", s.at("/total/value").asLong());
        List<String> timeline = new ArrayList<>();
        s.at("/timeline/buckets").forEach(b -> timeline.add(b.path("time").asText() + "=" + b.path("count").asLong()
                + counts(b.path("outcomes"))));
        out.put("timeline", timeline);
        s.path("facets").properties().forEach(f -> {
            List<String> values = new ArrayList<>();
            f.getValue().path("values").forEach(v -> values.add(v.path("value").asText() + "=" + v.path("count").asLong()));
            out.put("facet:" + f.getKey(), values + " other=" + f.getValue().path("other").asLong());
        });
        s.path("distinct").properties().forEach(d -> out.put("distinct:" + d.getKey(), d.getValue().asLong()));
        return out;
    }

    private static Map<String, Object> aggregations(JsonNode d, Question q) {
        JsonNode aggs = d.path("aggregations");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", d.at("/hits/total/value").asLong());
        List<String> timeline = new ArrayList<>();
        aggs.path("date_histogram#timeline").path("buckets").forEach(b -> {
            Map<String, Long> outcomes = new LinkedHashMap<>();
            b.path("sterms#outcome").path("buckets").forEach(o -> outcomes.put(o.path("key").asText(), o.path("doc_count").asLong()));
            timeline.add(Instant.ofEpochMilli(b.path("key").asLong()) + "=" + b.path("doc_count").asLong() + outcomes);
        });
        out.put("timeline", timeline);
        for (String facet : q.list("facet").stream().distinct().toList()) {
            JsonNode terms = aggs.path("sterms#facet:" + facet);
            List<String> values = new ArrayList<>();
            terms.path("buckets").forEach(b -> values.add(b.path("key").asText() + "=" + b.path("doc_count").asLong()));
            out.put("facet:" + facet, values + " other=" + terms.path("sum_other_doc_count").asLong());
        }
        for (String name : DirectAggregation.distinct(q)) {
            out.put("distinct:" + name, aggs.at("/cardinality#distinct:" + name + "/value").asLong());
        }
        return out;
    }

    private static String counts(JsonNode object) {
        Map<String, Long> m = new LinkedHashMap<>();
        object.properties().forEach(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m.toString();
    }
}
