package io.auditsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.TestElasticsearch;
import io.auditsearch.support.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Single events wait at most the flush interval for company, and the flush is armed by the events
 * themselves: every event, whenever it comes, is sent, and nothing is scheduled while none waits.
 */
class SingleEventFlushTest {

    @Test
    void eventsComingAloneOrTogetherAreEachStoredAndAnIdleServiceSchedulesNoFlush() throws Exception {
        Map<String, Object> properties = Map.of("audit.ingest.single-flush-interval", "150ms");
        try (RunningService running = RunningService.start(TestElasticsearch.url(), properties)) {
            ServiceHttp api = running.http();
            EventIndexer indexer = running.bean(EventIndexer.class);
            String service = "flush-" + UUID.randomUUID();

            // one alone, then three together, then one alone after a pause longer than the interval
            String first = UUID.randomUUID().toString();
            assertStored(api.postEvent(event(first, service)));
            List<String> together = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                    UUID.randomUUID().toString());
            List<CompletableFuture<ServiceHttp.Answer>> answers = together.stream()
                    .map(id -> CompletableFuture.supplyAsync(() -> api.postEvent(event(id, service)))).toList();
            for (CompletableFuture<ServiceHttp.Answer> answer : answers) {
                assertStored(answer.get());
            }
            Thread.sleep(400);
            assertEquals(0, indexer.singleFlushesScheduled(), "no flush is scheduled while no event waits");
            String last = UUID.randomUUID().toString();
            assertStored(api.postEvent(event(last, service)));

            List<String> ids = List.of(first, together.get(0), together.get(1), together.get(2), last);
            assertEquals(Set.copyOf(ids), ElasticsearchHttp.storedIds(TestElasticsearch.url(), ids));
            Thread.sleep(400);
            assertEquals(0, indexer.singleFlushesScheduled(), "the last event's flush ran and nothing came after it");
        }
    }

    /** 201: Elasticsearch answered for it within the ack wait, so its flush came. */
    private static void assertStored(ServiceHttp.Answer answer) {
        assertEquals(201, answer.status(), answer.body()::toString);
        assertTrue(Set.of("created", "duplicate").contains(answer.body().path("result").asText()), answer.body()::toString);
    }

    private static String event(String id, String service) {
        var event = TestEvents.event(id, Instant.now(), "user.login");
        event.putObject("service").put("name", service);
        return event.toString();
    }
}
