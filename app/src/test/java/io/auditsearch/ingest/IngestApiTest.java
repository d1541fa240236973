package io.auditsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.AuditApi;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.Json;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Ingestion through real HTTP into a real Elasticsearch, checked by reading Elasticsearch directly. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestApiTest implements TestPropertyProvider {

    @Inject
    AuditApi api;

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    private static String id() {
        return "test-" + UUID.randomUUID();
    }

    private static String event(String id, Instant at, String action) {
        return """
                {"@timestamp":"%s","event":{"id":"%s","action":"%s","outcome":"success","category":["iam"],"type":["change"]},
                 "user":{"id":"u-1","name":"alice","roles":["admin"]},"user.target.name":"bob",
                 "source":{"ip":"2001:db8::7"},"message":"alice granted role auditor to bob",
                 "audit":{"resource":{"type":"role","id":"auditor"},"details":{"reason":"quarterly review","api_key":"sk-live-123"},
                          "changes":{"before":{"roles":["viewer"]},"after":{"roles":["viewer","auditor"]}}},
                 "organization":{"id":"acme"},"service":{"name":"iam-service"},"log":{"level":"warn"}}
                """.formatted(at, id, action);
    }

    @Test
    void postedEventIsStoredInTheIndexOfItsOwnDayWithEcsFields() {
        String id = id();
        Instant at = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> response = api.postEvent(event(id, at, "role.assign"));

        assertEquals(201, response.code());
        JsonNode receipt = Json.body(response);
        String expectedIndex = "audit-events-" + at.toString().substring(0, 10).replace('-', '.');
        assertEquals(id, receipt.get("id").asText());
        assertEquals(expectedIndex, receipt.get("index").asText());
        assertEquals("created", receipt.get("result").asText());

        JsonNode doc = ElasticsearchHttp.get("/" + expectedIndex + "/_doc/" + id);
        assertTrue(doc.get("found").asBoolean(), "document is in " + expectedIndex);
        JsonNode source = doc.get("_source");
        assertEquals(at.toString(), source.get("@timestamp").asText());
        assertEquals("event", source.at("/event/kind").asText());
        assertFalse(source.at("/event/ingested").isMissingNode(), "event.ingested set by the service");
        assertEquals("bob", source.at("/user/target/name").asText(), "dotted key expanded");
        assertEquals("warning", source.at("/log/level").asText(), "level normalised");
        assertEquals(4, source.at("/event/severity").asInt());
        assertEquals("[MASKED]", source.at("/audit/details/api_key").asText(), "secret masked before storage");
        assertEquals("roles", source.at("/audit/changes/fields/0").asText());
        assertFalse(doc.toString().contains("sk-live-123"), "the secret is nowhere in the stored document");

        JsonNode alias = ElasticsearchHttp.get("/" + expectedIndex + "/_alias/audit-events");
        assertTrue(alias.has(expectedIndex), "read alias audit-events covers the new index");
    }

    @Test
    void datedIndicesCarryTheStrictEcsMapping() {
        String id = id();
        Instant at = Instant.now().minus(4, ChronoUnit.DAYS);
        assertEquals(201, api.postEvent(event(id, at, "role.assign")).code());
        String index = "audit-events-" + at.toString().substring(0, 10).replace('-', '.');

        JsonNode mapping = ElasticsearchHttp.get("/" + index + "/_mapping").path(index).path("mappings");
        assertEquals("strict", mapping.get("dynamic").asText());
        assertFalse(mapping.get("date_detection").asBoolean());
        JsonNode p = mapping.get("properties");
        assertEquals("date", p.at("/@timestamp/type").asText());
        assertEquals("text", p.at("/message/type").asText());
        assertEquals("ip", p.at("/source/properties/ip/type").asText());
        assertEquals("keyword", p.at("/event/properties/action/type").asText());
        assertEquals("keyword", p.at("/user/properties/name/type").asText());
        assertEquals("flattened", p.at("/audit/properties/details/type").asText());
        assertEquals("flattened", p.at("/audit/properties/changes/properties/before/type").asText());
        assertEquals("flattened", p.at("/audit/properties/changes/properties/after/type").asText());
    }

    @Test
    void repeatedEventIdIsStoredOnceAndReportedAsDuplicate() {
        String id = id();
        Instant at = Instant.now().minus(1, ChronoUnit.DAYS);
        String json = event(id, at, "user.login");

        assertEquals("created", Json.body(api.postEvent(json)).get("result").asText());
        HttpResponse<String> again = api.postEvent(json);
        assertEquals(201, again.code());
        assertEquals("duplicate", Json.body(again).get("result").asText());
        JsonNode bulk = Json.body(api.postBulkNdjson(json.replace("\n", " ") + "\n"));
        assertEquals("duplicate", bulk.at("/items/0/result").asText());

        ElasticsearchHttp.refresh();
        JsonNode count = ElasticsearchHttp.send("POST", "/audit-events/_count",
                "{\"query\":{\"term\":{\"event.id\":\"" + id + "\"}}}").body();
        assertEquals(1, count.get("count").asInt(), "three posts of one event id, one document");
    }

    @Test
    void invalidEventIsRefusedWithAProblemNamingEveryBrokenField() {
        HttpResponse<String> response = api.postEvent("""
                {"event":{"outcome":"maybe","category":"fun"},"source":{"ip":"300.1.1.1"},"colour":"red",
                 "@timestamp":"yesterday"}
                """);

        assertEquals(400, response.code());
        assertEquals("application/problem+json", response.getContentType().orElseThrow().toString());
        JsonNode problem = Json.body(response);
        assertEquals(400, problem.get("status").asInt());
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asText() + ":" + e.get("rule").asText()));
        assertTrue(fields.contains("colour:unknown_field"), fields.toString());
        assertTrue(fields.contains("source.ip:type"), fields.toString());
        assertTrue(fields.contains("@timestamp:type"), fields.toString());
        assertTrue(fields.contains("event.action:required"), fields.toString());
        assertTrue(fields.contains("event.outcome:allowed_values"), fields.toString());
        assertTrue(fields.contains("event.category:allowed_values"), fields.toString());
    }

    @Test
    void timestampsOutsideTheAcceptedWindowAreRefused() {
        String future = event(id(), Instant.now().plus(1, ChronoUnit.HOURS), "user.login");
        JsonNode p1 = Json.body(api.postEvent(future));
        assertEquals("future", p1.at("/errors/0/rule").asText());

        String ancient = event(id(), Instant.now().minus(400, ChronoUnit.DAYS), "user.login");
        JsonNode p2 = Json.body(api.postEvent(ancient));
        assertEquals("retention", p2.at("/errors/0/rule").asText());
        assertEquals("@timestamp", p2.at("/errors/0/field").asText());
    }

    @Test
    void bulkStoresGoodLinesAndReportsEachBadLineInOrder() {
        String good1 = id();
        String good2 = id();
        Instant at = Instant.now().minus(2, ChronoUnit.DAYS);
        String ndjson = String.join("\n",
                event(good1, at, "model.create").replace("\n", " "),
                "{\"event\":{\"action\":\"x\"},\"nope\":1}",
                "{not json",
                "",
                event(good2, at, "model.delete").replace("\n", " "),
                "{\"event\":{\"action\":\"user.login\",\"outcome\":\"success\"}}") + "\n";

        HttpResponse<String> response = api.postBulkNdjson(ndjson);

        assertEquals(200, response.code());
        JsonNode body = Json.body(response);
        assertTrue(body.get("errors").asBoolean());
        JsonNode items = body.get("items");
        assertEquals(5, items.size(), "one item per non-blank line");
        assertEquals(good1, items.get(0).get("id").asText());
        assertEquals("created", items.get(0).get("result").asText());
        assertEquals(400, items.get(1).get("status").asInt());
        assertEquals("nope", items.get(1).at("/error/field").asText());
        assertEquals("validation_error", items.get(1).at("/error/type").asText());
        assertEquals("json_parse_error", items.get(2).at("/error/type").asText());
        assertEquals("created", items.get(3).get("result").asText());
        assertEquals(201, items.get(4).get("status").asInt(), "event without id or timestamp gets both");

        for (String id : List.of(good1, good2)) {
            String index = items.get(0).get("index").asText();
            assertTrue(ElasticsearchHttp.get("/" + index + "/_doc/" + id).get("found").asBoolean(), id + " stored");
        }
    }

    @Test
    void bulkAcceptsAJsonArray() {
        String a = id();
        String b = id();
        Instant at = Instant.now().minus(5, ChronoUnit.DAYS);
        HttpResponse<String> response = api.postBulkJson("[" + event(a, at, "user.logout") + ",{\"event\":{}}," + event(b, at, "user.logout")
                + ",{\"event\":{\"action\":\"a\",\"action\":\"b\"}}, 42]");

        JsonNode body = Json.body(response);
        assertEquals(5, body.get("items").size());
        assertEquals("created", body.at("/items/0/result").asText());
        assertEquals("event.action", body.at("/items/1/error/field").asText());
        assertEquals("created", body.at("/items/2/result").asText());
        // each element is checked on its own, as an NDJSON line is: duplicate keys and non-objects refused alone
        assertEquals("json_parse_error", body.at("/items/3/error/type").asText(), body.toString());
        assertTrue(body.at("/items/3/error/reason").asText().contains("Duplicate field 'action'"), body.toString());
        assertEquals(400, body.at("/items/4/status").asInt());
    }

    @Test
    void bulkWithMoreLinesThanAllowedIs413() {
        String line = "{\"event\":{\"action\":\"a\"}}\n";
        HttpResponse<String> response = api.postBulkNdjson(line.repeat(10_001));

        assertEquals(413, response.code());
        assertTrue(Json.body(response).get("detail").asText().contains("10000"));
    }

    @Test
    void requestLargerThanTheLimitIs413() {
        byte[] body = ("{\"event\":{\"action\":\"" + "a".repeat(11 * 1024 * 1024) + "\"}}\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = api.postBulk("application/x-ndjson", body);

        assertEquals(413, response.code());
    }

    @Test
    void eventLargerThanTheEventLimitIsRefusedButItsNeighboursAreStored() {
        String big = "{\"event\":{\"action\":\"big\"},\"message\":\"" + "x".repeat(70 * 1024) + "\"}";
        String ok = id();
        JsonNode body = Json.body(api.postBulkNdjson(big + "\n" + event(ok, Instant.now(), "user.login").replace("\n", " ") + "\n"));

        assertEquals("max_size", body.at("/items/0/error/errors/0/rule").asText());
        assertEquals("created", body.at("/items/1/result").asText());
    }

    @Test
    void healthReportsElasticsearchAndItsRetentionMode() {
        JsonNode health = Json.body(api.health());
        assertEquals("UP", health.get("status").asText());
        JsonNode es = health.at("/details/elasticsearch/details");
        assertTrue(es.has("ilm"), health.toString());
        assertEquals(es.get("ilm").asBoolean() ? "ilm" : "service", es.get("retention_mode").asText());
    }
}
