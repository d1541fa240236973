package io.auditsearch.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.AuditApi;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.Json;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Old audit indices written straight to Elasticsearch (the API refuses events older than the
 * retention period), the holds set on them, and their removal afterwards: only what a test made.
 */
final class RetentionFixtures {

    private final RetentionApi api;
    private final List<String> indices = new ArrayList<>();
    private final List<String> holds = new ArrayList<>();

    /**
     * Retention is ten years in these tests, so only the 2001 indices they create are expired: the
     * cluster is shared with other test classes, whose indices (at most a year old, the API's
     * default limit) a sweep must leave alone.
     */
    static final int DAYS = 3650;

    RetentionFixtures(RetentionApi api) {
        this.api = api;
    }

    /** The test cluster, ten years of retention, and {@code more} as name, value pairs. */
    static Map<String, String> properties(String... more) {
        Map<String, String> p = new HashMap<>(TestElasticsearch.properties());
        p.put("audit.retention.days", String.valueOf(DAYS));
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    /** Writes one event at {@code timestamp} of {@code tenant} into {@code index} (created from the audit template). */
    void eventIn(String index, String timestamp, String tenant) {
        if (!indices.contains(index)) {
            assertEquals(404, ElasticsearchHttp.send("HEAD", "/" + index, null).status(), index + " must be new: the test deletes it");
            indices.add(index);
        }
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("@timestamp", timestamp);
        doc.putObject("event").put("id", UUID.randomUUID().toString()).put("action", "retention.test").put("kind", "event");
        doc.putObject("organization").put("id", tenant);
        var r = ElasticsearchHttp.send("POST", "/" + index + "/_doc?refresh=true", doc.toString());
        assertEquals(201, r.status(), r.body().toString());
    }

    static boolean exists(String index) {
        return ElasticsearchHttp.send("HEAD", "/" + index, null).status() == 200;
    }

    /** Sets a hold through the API and returns its id. */
    String hold(String from, String to, String tenant, String reason) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("from", from).put("to", to).put("reason", reason);
        if (tenant != null) {
            body.put("tenant", tenant);
        }
        HttpResponse<String> r = AuditApi.call(() -> api.setHold(body.toString()));
        assertEquals(201, r.code(), () -> r.getBody().orElse(""));
        String id = Json.body(r).path("id").asText();
        assertTrue(r.getHeaders().get("Location").endsWith("/v1/retention/holds/" + id));
        holds.add(id);
        return id;
    }

    JsonNode release(String id) {
        HttpResponse<String> r = AuditApi.call(() -> api.release(id));
        assertEquals(200, r.code(), () -> r.getBody().orElse(""));
        holds.remove(id);
        return Json.body(r);
    }

    /** Releases the holds still set and deletes the indices this fixture created, by name. */
    void cleanUp() {
        List.copyOf(holds).forEach(this::release);
        for (String index : indices) {
            ElasticsearchHttp.send("DELETE", "/" + index + "?ignore_unavailable=true", null);
        }
    }
}
