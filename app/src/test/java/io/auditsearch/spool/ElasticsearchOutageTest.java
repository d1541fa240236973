package io.auditsearch.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.DedicatedNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The delivery guarantee while Elasticsearch is away, against a real node of the test's own that
 * is stopped and started again: acknowledged events wait in the durable spool and arrive exactly
 * once; a full spool refuses with 503 and Retry-After; a poisoned event goes to the dead letters
 * while its neighbours are stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElasticsearchOutageTest {

    private static final Duration DRAIN = Duration.ofMinutes(4);
    private static final Map<String, Object> FAST_RETRY = Map.of("audit.spool.backoff-max", "1s");

    private DedicatedNode node;

    @BeforeAll
    void startNode() {
        node = DedicatedNode.single("outage").start();
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    @BeforeEach
    void nodeIsUp() {
        node.ensureStarted(); // a failed test may have left it stopped
    }

    /**
     * Makes events of one day unstorable the way it happens in real clusters: that day's index
     * was created by hand with a mapping that disagrees with ours ({@code user.name} a number).
     * Such events pass the API's validation and are refused by Elasticsearch for good.
     */
    private String poisonDay(Instant day) {
        String index = indexOf(day);
        ElasticsearchHttp.send(node.url(), "DELETE", "/" + index + "?ignore_unavailable=true", null);
        var created = ElasticsearchHttp.send(node.url(), "PUT", "/" + index,
                "{\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"user\":{\"properties\":{\"name\":{\"type\":\"long\"}}}}}}");
        assertEquals(200, created.status(), created.body().toString());
        return index;
    }

    @Test
    void everyEventPostedWhileElasticsearchIsDownIsStoredExactlyOnceWhenItReturns() {
        String service = "outage-" + UUID.randomUUID();
        int n = 20_000;
        try (RunningService running = RunningService.start(node.url(), FAST_RETRY)) {
            ServiceHttp api = running.http();
            node.stop();
            Set<String> acknowledged = new HashSet<>();
            int sent = 0;
            Set<String> statuses = new HashSet<>();
            for (int batch = 0; batch < n / 500; batch++) {
                List<ObjectNode> events = events(service, 500, batch * 500);
                JsonNode result = api.postBulk(ndjson(events)).body();
                sent += events.size();
                JsonNode items = result.path("items");
                for (int i = 0; i < items.size(); i++) {
                    int status = items.get(i).path("status").asInt();
                    statuses.add(status + " " + items.get(i).path("result").asText());
                    if (status == 201 || status == 202) {
                        acknowledged.add(events.get(i).path("event").path("id").asText());
                    }
                }
            }
            assertEquals(n, acknowledged.size(), "every event is acknowledged while Elasticsearch is down: " + statuses);

            node.start();
            api.awaitSpoolDrained(DRAIN);
            Set<String> stored = ElasticsearchHttp.storedIds(node.url(), acknowledged);
            long all = ElasticsearchHttp.countService(node.url(), service);
            System.out.printf("[outage] sent=%d acknowledged=%d stored_of_acknowledged=%d stored_total=%d answers=%s%n",
                    sent, acknowledged.size(), stored.size(), all, statuses);
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(stored);
            assertEquals(Set.of(), missing, "every acknowledged event is stored");
            assertEquals(acknowledged.size(), all, "and nothing else, none twice");
        }
    }

    @Test
    void serviceStartedWhileElasticsearchIsDownTakesEventsAndDeliversThemLater() {
        String service = "cold-" + UUID.randomUUID();
        node.stop();
        try (RunningService running = RunningService.start(node.url(), Map.of("audit.spool.backoff-max", "1s",
                "elasticsearch.startup-timeout", "2s"))) {
            ServiceHttp api = running.http();
            List<ObjectNode> events = events(service, 50, 0);
            for (JsonNode item : api.postBulk(ndjson(events)).body().path("items")) {
                assertEquals(202, item.path("status").asInt(), item.toString());
            }
            node.start();
            api.awaitSpoolDrained(DRAIN);
            assertEquals(50, ElasticsearchHttp.countService(node.url(), service));
            String index = indexOf(Instant.parse(events.getFirst().path("@timestamp").asText()));
            var mapping = ElasticsearchHttp.send(node.url(), "GET", "/" + index + "/_mapping/field/user.name", null).body();
            assertEquals("keyword", mapping.path(index).path("mappings").path("user.name").path("mapping").path("name")
                    .path("type").asText(), "the index got the audit mapping: " + mapping);
        }
    }

    @Test
    void fullSpoolAnswers503WithRetryAfterThenRecoversWithoutLoss() {
        String service = "full-" + UUID.randomUUID();
        try (RunningService running = RunningService.start(node.url(), Map.of("audit.spool.backoff-max", "1s",
                "audit.spool.max-bytes", "200000", "audit.spool.retry-after", "7s"))) {
            ServiceHttp api = running.http();
            node.stop();
            List<String> acknowledged = new ArrayList<>();
            ServiceHttp.Answer refused = null;
            for (int i = 0; i < 5_000 && refused == null; i++) {
                ObjectNode event = events(service, 1, i).getFirst();
                ServiceHttp.Answer answer = api.postEvent(event.toString());
                if (answer.status() == 202 || answer.status() == 201) {
                    acknowledged.add(event.path("event").path("id").asText());
                } else {
                    refused = answer;
                }
            }
            assertTrue(refused != null, "the spool filled up");
            assertEquals(503, refused.status(), refused.body().toString());
            assertEquals("7", refused.retryAfter().orElse(null), "Retry-After says when to come back");
            ServiceHttp.Answer readiness = api.get("/health/readiness");
            assertEquals(503, readiness.status(), "not ready while the spool is full");
            assertTrue(readiness.body().toString().contains("the spool is full"), readiness.body().toString());

            node.start();
            api.awaitSpoolDrained(DRAIN);
            ServiceHttp.Answer after = api.postEvent(events(service, 1, 10_000).getFirst().toString());
            assertEquals(201, after.status(), "takes events again once drained: " + after.body());
            Set<String> stored = ElasticsearchHttp.storedIds(node.url(), acknowledged);
            System.out.printf("[spool-full] acknowledged=%d stored=%d refused_with=%d retry_after=%s%n",
                    acknowledged.size(), stored.size(), refused.status(), refused.retryAfter().orElse("-"));
            assertEquals(acknowledged.size(), stored.size(), "every acknowledged event is stored");
        }
    }

    @Test
    void poisonedEventGoesToTheDeadLettersWhileTheEventsAroundItAreStored() {
        String service = "poison-" + UUID.randomUUID();
        try (RunningService running = RunningService.start(node.url(), FAST_RETRY)) {
            ServiceHttp api = running.http();
            List<ObjectNode> events = events(service, 100, 0);
            Instant day = Instant.now().minus(30, ChronoUnit.DAYS);
            poisonDay(day);
            events.get(50).put("@timestamp", day.truncatedTo(ChronoUnit.SECONDS).toString());
            node.stop();
            String poisoned = events.get(50).path("event").path("id").asText();
            JsonNode result = api.postBulk(ndjson(events)).body();
            for (JsonNode item : result.path("items")) {
                assertEquals(202, item.path("status").asInt(), item.toString());
            }

            node.start();
            api.awaitSpoolDrained(DRAIN);
            long stored = ElasticsearchHttp.countService(node.url(), service);
            JsonNode letters = api.get("/v1/admin/dead-letters").body();
            System.out.printf("[poison] sent=100 stored=%d dead_letters=%d%n", stored, letters.path("total").asLong());
            assertEquals(99, stored, "the neighbours are stored");
            JsonNode letter = letters.path("deadLetters").path(0);
            assertEquals(poisoned, letter.path("id").asText(), letters.toString());
            assertEquals(400, letter.path("status").asInt());
            assertTrue(letter.path("source").asText().contains(poisoned), "the event is kept whole");
            assertEquals(1, api.get("/health").body().path("details").path("spool").path("details").path("dead_letters").asInt());
        }
    }

    @Test
    void eventRefusedByElasticsearchOnTheDirectPathIsKeptAsDeadLetter() {
        String service = "poison-direct-" + UUID.randomUUID();
        try (RunningService running = RunningService.start(node.url(), FAST_RETRY)) {
            ServiceHttp api = running.http();
            ObjectNode event = events(service, 1, 0).getFirst();
            Instant day = Instant.now().minus(31, ChronoUnit.DAYS);
            poisonDay(day);
            event.put("@timestamp", day.truncatedTo(ChronoUnit.SECONDS).toString());
            ServiceHttp.Answer answer = api.postEvent(event.toString());
            assertEquals(202, answer.status(), answer.body().toString());
            assertEquals("dead_letter", answer.body().path("result").asText());
            assertTrue(answer.body().path("error").path("reason").asText().contains("user.name"), answer.body().toString());
            assertEquals(event.path("event").path("id").asText(),
                    api.get("/v1/admin/dead-letters").body().path("deadLetters").path(0).path("id").asText());
        }
    }

    private static String indexOf(Instant t) {
        return "audit-events-" + DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC).format(t);
    }

    private static List<ObjectNode> events(String service, int count, int offset) {
        Instant base = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<ObjectNode> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int k = offset + i;
            ObjectNode e = TestEvents.event(service + "-" + k, base.plusSeconds(k * 61L), "user.login");
            TestEvents.set(e, "service.name", service);
            TestEvents.set(e, "user.name", "user-" + (k % 50));
            TestEvents.set(e, "event.outcome", k % 7 == 0 ? "failure" : "success");
            events.add(e);
        }
        return events;
    }

    static String ndjson(List<ObjectNode> events) {
        StringBuilder body = new StringBuilder();
        events.forEach(e -> body.append(e).append('\n'));
        return body.toString();
    }
}
