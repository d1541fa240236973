package io.auditsearch.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import java.time.Instant;
import java.util.List;

/** Builds events for read-side tests and loads them through the service's own {@code _bulk}. */
public final class TestEvents {

    private TestEvents() {
    }

    /** A new event at {@code at} with {@code event.action}; set more with {@link #set}. */
    public static ObjectNode event(String id, Instant at, String action) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("@timestamp", at.toString());
        e.putObject("event").put("id", id).put("action", action);
        return e;
    }

    /** Sets a dotted field (the API accepts dotted keys) to a string, number or list of strings. */
    public static ObjectNode set(ObjectNode event, String field, Object value) {
        if (value instanceof List<?> list) {
            var array = event.putArray(field);
            list.forEach(v -> array.add(String.valueOf(v)));
        } else if (value instanceof JsonNode node) {
            event.set(field, node);
        } else if (value instanceof Number n) {
            event.put(field, n.longValue());
        } else {
            event.put(field, String.valueOf(value));
        }
        return event;
    }

    /** Posts the events as NDJSON bulks of at most 5,000 lines, refreshes, and checks every line was stored. */
    public static void load(AuditApi api, List<ObjectNode> events) {
        for (int i = 0; i < events.size(); i += 5000) {
            StringBuilder body = new StringBuilder();
            for (ObjectNode e : events.subList(i, Math.min(events.size(), i + 5000))) {
                body.append(e.toString()).append('\n');
            }
            HttpResponse<String> response = api.postBulkNdjson(body.toString());
            JsonNode result = Json.body(response);
            if (response.code() != 200 || result.path("errors").asBoolean()) {
                throw new AssertionError("bulk load failed: " + response.code() + " " + result.toString().substring(0, Math.min(2000, result.toString().length())));
            }
        }
        ElasticsearchHttp.refresh();
    }
}
