package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two tenants, A and B, each with a key bound to it. A can neither write as B nor see any trace of
 * B's events, whatever it asks: search (q, filters, tenant=B), get by B's id, aggregations (facets,
 * distinct counts, group_by on the tenant) and export. Every event of this class carries one tag.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest implements TestPropertyProvider {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String A = "tenant-a-" + RUN;
    private static final String B = "tenant-b-" + RUN;
    private static final String TAG = "tenancy-" + RUN;
    private static final Instant AT = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    EmbeddedServer server;

    private CallerHttp tenantA;
    private CallerHttp tenantB;
    private String bEventId;

    @Override
    public Map<String, String> getProperties() {
        LogCapture.start();
        return TestElasticsearch.properties();
    }

    private static String event(String id, String user, String org) {
        return "{\"@timestamp\":\"" + AT + "\",\"event\":{\"id\":\"" + id + "\",\"action\":\"doc.read\"},"
                + "\"user\":{\"name\":\"" + user + "\"},\"source\":{\"ip\":\"10.9.9.9\"},\"tags\":[\"" + TAG + "\"],"
                + "\"message\":\"secret plans of " + user + "\",\"service\":{\"name\":\"tenancy-" + RUN + "\"}"
                + (org == null ? "" : ",\"organization\":{\"id\":\"" + org + "\"}") + "}";
    }

    @BeforeAll
    void load() {
        tenantA = CallerHttp.apiKey(server.getURI(), Keys.key(server.getURI(), "tenant-a-" + RUN, A, "ingest", "read"));
        tenantB = CallerHttp.apiKey(server.getURI(), Keys.key(server.getURI(), "tenant-b-" + RUN, B, "ingest", "read"));
        bEventId = "b-1-" + RUN;
        assertEquals(201, tenantB.postJson("/v1/events", event(bEventId, "bob-" + RUN, null)).status());
        assertEquals(201, tenantB.postJson("/v1/events", event("b-2-" + RUN, "bert-" + RUN, B)).status());
        assertEquals(201, tenantA.postJson("/v1/events", event("a-1-" + RUN, "alice-" + RUN, null)).status());
        assertEquals(201, tenantA.postJson("/v1/events", event("a-2-" + RUN, "alice-" + RUN, A)).status());
        ElasticsearchHttp.refresh();
    }

    @Test
    void tenantKeyEventsGetItsTenantWhenTheyNameNone() {
        JsonNode stored = CallerHttp.admin(server.getURI()).get("/v1/events/" + bEventId).json();
        assertEquals(B, stored.path("organization").path("id").asText(), stored::toString);
    }

    @Test
    void tenantKeyCannotWriteAnotherTenantsEvent() {
        CallerHttp.Response single = tenantA.postJson("/v1/events", event("a-forged-" + RUN, "mallory", B));
        assertEquals(403, single.status(), single::toString);
        assertTrue(single.header("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(404, CallerHttp.admin(server.getURI()).get("/v1/events/a-forged-" + RUN).status());
    }

    @Test
    void bulkRefusesOnlyTheLinesOfAnotherTenant() {
        String body = event("a-bulk-1-" + RUN, "alice-" + RUN, null) + "\n" + event("a-bulk-2-" + RUN, "mallory", B) + "\n"
                + event("a-bulk-3-" + RUN, "alice-" + RUN, A) + "\n";
        CallerHttp.Response r = tenantA.post("/v1/events/_bulk", "application/x-ndjson", body);
        assertEquals(200, r.status(), r::toString);
        JsonNode items = r.json().path("items");
        assertTrue(r.json().path("errors").asBoolean());
        assertEquals(201, items.get(0).path("status").asInt(), r::toString);
        assertEquals(403, items.get(1).path("status").asInt(), r::toString);
        assertEquals("tenant_mismatch", items.get(1).path("error").path("type").asText(), r::toString);
        assertEquals(201, items.get(2).path("status").asInt(), r::toString);
    }

    @Test
    void searchNeverShowsAnotherTenantWhateverTheQuery() {
        List<String[]> tricks = List.of(
                new String[] {"tag", TAG},
                new String[] {"tag", TAG, "tenant", B},
                new String[] {"q", "organization.id:" + B},
                new String[] {"q", B},
                new String[] {"q", "bob-" + RUN + " | bert-" + RUN + " | " + B},
                new String[] {"q", "secret plans", "tag", TAG},
                new String[] {"user", "bob-" + RUN},
                new String[] {"details.x", "y", "tenant", B});
        for (String[] params : tricks) {
            CallerHttp.Response r = tenantA.get("/v1/events", params);
            assertEquals(200, r.status(), String.join(",", params) + ": " + r);
            // A's own audit.search events may quote B in their recorded query; they are A's, never B's events
            for (JsonNode e : r.json().path("events")) {
                assertEquals(A, e.path("organization").path("id").asText(), String.join(",", params) + " leaked: " + r);
                assertFalse(e.path("event").path("id").asText().startsWith("b-"), r::toString);
            }
        }
        CallerHttp.Response post = tenantA.postJson("/v1/events/_search", "{\"tag\":\"" + TAG + "\",\"tenant\":[\"" + B + "\"]}");
        assertEquals(200, post.status(), post::toString);
        assertEquals(0, post.json().path("total").path("value").asLong(), post::toString);
        assertEquals(0, post.json().path("events").size(), post::toString);
        // and the tenant's own events are there, by GET and by POST
        CallerHttp.Response own = tenantA.get("/v1/events", "tag", TAG);
        assertEquals(200, own.status(), own::toString);
        assertTrue(own.body().contains("\"a-1-" + RUN + "\""), own::toString);
        CallerHttp.Response ownPost = tenantA.postJson("/v1/events/_search", "{\"tag\":\"" + TAG + "\"}");
        assertEquals(200, ownPost.status(), ownPost::toString);
        assertTrue(ownPost.body().contains("\"a-1-" + RUN + "\""), ownPost::toString);
    }

    @Test
    void aCursorFromAnotherTenantsSearchWalksOnlyTheCallersEventsInBothDirections() {
        // all events share one time; the walk goes on by event.id: B's next page (desc) holds A's a-* ids, A's (asc) B's b-* ids
        assertCursorWalksOnlyTheFollower(tenantB, tenantA, A, "desc", "a-");
        assertCursorWalksOnlyTheFollower(tenantA, tenantB, B, "asc", "b-");
    }

    private void assertCursorWalksOnlyTheFollower(CallerHttp owner, CallerHttp follower, String followerTenant, String sort, String followerIds) {
        CallerHttp.Response first = owner.get("/v1/events", "service", "tenancy-" + RUN, "size", "1", "sort", sort);
        assertEquals(200, first.status(), first::toString);
        assertTrue(first.json().path("next_cursor").isTextual(), "a second page exists: " + first);
        String cursor = first.json().path("next_cursor").asText();

        CallerHttp.Response followed = follower.get("/v1/events", "cursor", cursor, "size", "10");

        assertEquals(200, followed.status(), followed::toString);
        assertTrue(followed.json().path("events").size() >= 1, "the follower's own events come back: " + followed);
        for (JsonNode e : followed.json().path("events")) {
            assertEquals(followerTenant, e.path("organization").path("id").asText(), "leaked through another tenant's cursor: " + followed);
            assertTrue(e.path("event").path("id").asText().startsWith(followerIds), followed::toString);
        }
    }

    @Test
    void getOfAnotherTenantsEventIs404LikeAMissingOne() {
        CallerHttp.Response r = tenantA.get("/v1/events/" + bEventId);
        assertEquals(404, r.status(), r::toString);
        assertEquals(CallerHttp.admin(server.getURI()).get("/v1/events/missing-" + RUN).json().path("title").asText(),
                r.json().path("title").asText());
        assertEquals(200, tenantB.get("/v1/events/" + bEventId).status());
    }

    @Test
    void aggregationsCountOnlyTheTenantsEvents() {
        CallerHttp.Response r = tenantA.get("/v1/events/_aggregate", "tag", TAG, "facet", "tenant", "facet", "user",
                "group_by", "tenant", "group_by", "user", "distinct", "user", "from", AT.minus(1, ChronoUnit.HOURS).toString());
        assertEquals(200, r.status(), r::toString);
        assertFalse(r.body().contains(B), r::toString);
        assertFalse(r.body().contains("bob-" + RUN), r::toString);
        for (JsonNode v : r.json().path("facets").path("tenant").path("values")) {
            assertEquals(A, v.path("value").asText());
        }
        CallerHttp.Response allAnswer = CallerHttp.admin(server.getURI()).get("/v1/events/_aggregate", "tag", TAG);
        assertEquals(200, allAnswer.status(), allAnswer::toString);
        JsonNode all = allAnswer.json();
        long total = r.json().path("total").path("value").asLong();
        assertTrue(total >= 1 && total < all.path("total").path("value").asLong(), r + " vs " + all);
        assertEquals(1, r.json().path("distinct").path("user").asLong(), r::toString); // alice only, not bob and bert
        CallerHttp.Response body = tenantA.postJson("/v1/events/_aggregate", "{\"tag\":\"" + TAG + "\",\"tenant\":\"" + B + "\",\"facet\":[\"tenant\"]}");
        assertEquals(200, body.status(), body::toString);
        assertEquals(0, body.json().path("total").path("value").asLong(), body::toString);
        long timelineTotal = 0;
        for (JsonNode bucket : r.json().path("timeline").path("buckets")) {
            timelineTotal += bucket.path("count").asLong();
        }
        assertEquals(total, timelineTotal, "the timeline counts the same events as the total: " + r);
    }

    @Test
    void exportHoldsOnlyTheTenantsEvents() {
        for (String format : List.of("ndjson", "csv")) {
            CallerHttp.Response r = tenantA.get("/v1/events/_export", "tag", TAG, "format", format);
            assertEquals(200, r.status(), r::toString);
            assertTrue(r.body().contains("alice-" + RUN), r::toString);
            assertFalse(r.body().contains(B) || r.body().contains("bob-" + RUN), r::toString);
        }
        for (String format : List.of("ndjson", "csv")) {
            CallerHttp.Response asked = tenantA.get("/v1/events/_export", "tenant", B, "format", format);
            assertEquals(200, asked.status(), asked::toString);
            assertFalse(asked.body().contains(B) || asked.body().contains("bob-" + RUN), asked::toString);
            long rows = asked.body().lines().filter(l -> !l.isBlank()).count();
            assertEquals(format.equals("csv") ? 1 : 0, rows, "an empty export (a CSV keeps its header): " + asked);
        }
    }
}
