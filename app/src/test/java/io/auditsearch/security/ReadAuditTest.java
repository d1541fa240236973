package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.LogCapture;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Reading the audit log leaves events in it: who read, which query, how many results. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadAuditTest implements TestPropertyProvider {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        LogCapture.start();
        return TestElasticsearch.properties();
    }

    @Test
    void searchGetAggregateAndExportAreEachRecordedWithCallerQueryAndCount() {
        String tenant = "audited-" + RUN;
        String name = "auditor-" + RUN;
        JsonNode key = Keys.create(server.getURI(), name, tenant, "ingest", "read");
        CallerHttp reader = CallerHttp.apiKey(server.getURI(), key.path("key").asText());
        String event = "{\"@timestamp\":\"" + Instant.now() + "\",\"event\":{\"id\":\"audited-" + RUN + "\",\"action\":\"doc.view\"},"
                + "\"message\":\"quarterly report viewed\",\"tags\":[\"audited-" + RUN + "\"]}";
        assertEquals(201, reader.postJson("/v1/events", event).status());
        ElasticsearchHttp.refresh();

        assertEquals(200, reader.get("/v1/events", "tag", "audited-" + RUN, "q", "quarterly").status());
        assertEquals(200, reader.get("/v1/events/audited-" + RUN).status());
        assertEquals(200, reader.get("/v1/events/_aggregate", "tag", "audited-" + RUN).status());
        assertEquals(200, reader.get("/v1/events/_export", "tag", "audited-" + RUN).status());

        JsonNode search = recorded("audit.search", name);
        assertEquals(key.path("id").asText(), search.path("user").path("id").asText(), search::toString);
        assertEquals(tenant, search.path("organization").path("id").asText(), search::toString);
        assertEquals("audit-search", search.path("service").path("name").asText());
        assertEquals("quarterly", search.path("audit").path("details").path("query").path("q").get(0).asText(), search::toString);
        assertEquals("1", search.path("audit").path("details").path("result_count").asText(), search::toString);
        assertTrue(search.path("event").path("category").toString().contains("database"), search::toString);
        assertEquals("audited-" + RUN, recorded("audit.get", name).path("audit").path("details").path("query").path("id").get(0).asText());
        assertEquals("1", recorded("audit.aggregate", name).path("audit").path("details").path("result_count").asText());
        assertEquals("1", recorded("audit.export", name).path("audit").path("details").path("result_count").asText());
    }

    /** The one event of {@code action} by {@code user}, as an admin finds it (recording is asynchronous). */
    private JsonNode recorded(String action, String user) {
        CallerHttp admin = CallerHttp.admin(server.getURI());
        long deadline = System.nanoTime() + 20_000_000_000L;
        CallerHttp.Response r;
        do {
            ElasticsearchHttp.refresh();
            r = admin.get("/v1/events", "action", action, "user", user, "service", "audit-search");
            if (r.json().path("total").path("value").asLong() == 1) {
                return r.json().path("events").get(0);
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no single " + action + " event by " + user + ": " + r);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
