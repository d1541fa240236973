package io.auditsearch.search;

import static io.auditsearch.support.TestEvents.event;
import static io.auditsearch.support.TestEvents.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.AuditApi;
import io.auditsearch.support.Json;
import io.auditsearch.support.ReadApi;
import io.auditsearch.support.TestElasticsearch;
import io.auditsearch.support.TestEvents;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Following cursors walks far past Elasticsearch's 10,000-hit window without duplicates or gaps. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CursorWalkTest implements TestPropertyProvider {

    private static final String SVC = "walk-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant START = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
    private static final int COUNT = 12_000;

    @Inject
    AuditApi api;
    @Inject
    ReadApi read;

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    @BeforeAll
    void load() {
        List<ObjectNode> events = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            // three events share each timestamp: only the event.id tie-breaker separates them
            ObjectNode e = event(SVC + "-" + i, START.plusSeconds(i / 3), "user.login");
            set(e, "service.name", SVC);
            events.add(e);
        }
        TestEvents.load(api, events);
    }

    @Test
    void followingCursorsReturnsEveryEventExactlyOncePast10000() {
        Set<String> ids = new HashSet<>();
        HttpResponse<String> r = read.get("/v1/events", "service", SVC, "size", "1000");
        JsonNode page = Json.body(r);
        assertEquals(10_000, page.at("/total/value").asLong(), "counting stops at 10,000 for speed");
        assertEquals("gte", page.at("/total/relation").asText());
        int pages = 0;
        String previous = "9999";
        while (true) {
            pages++;
            for (JsonNode event : page.get("events")) {
                assertTrue(ids.add(event.at("/event/id").asText()), "duplicate " + event);
                String ts = event.path("@timestamp").asText();
                assertTrue(ts.compareTo(previous) <= 0, "newest first");
                previous = ts;
            }
            JsonNode next = page.get("next_cursor");
            if (next == null || next.isNull()) {
                break;
            }
            HttpResponse<String> more = read.get("/v1/events", "cursor", next.asText(), "size", "1000");
            assertEquals(200, more.code(), () -> more.getBody().orElse(""));
            page = Json.body(more);
        }
        assertEquals(COUNT, ids.size(), "every event once");
        assertTrue(pages >= 12 && pages <= 13, "pages: " + pages);
    }
}
