package io.auditsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.TestElasticsearch;
import io.auditsearch.support.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Single events are answered without holding a thread, so the batcher in front of Elasticsearch
 * must never make a caller wait for room: when the events already waiting fill a bulk request, the
 * next one goes to the durable spool at once (202 accepted) and is delivered from there.
 */
class SingleEventBackpressureTest {

    @Test
    void eventWithoutRoomInTheBatchIsSpooledAndStoredOnce() throws Exception {
        // room for two waiting events, and a batching window long enough that they are still waiting
        Map<String, Object> properties = Map.of("audit.ingest.bulk-max-operations", 3,
                "audit.ingest.single-flush-interval", "1h", "audit.ingest.ack-wait", "3s");
        try (RunningService running = RunningService.start(TestElasticsearch.url(), properties)) {
            awaitFreshFlushWindow(Duration.ofHours(1), Duration.ofMinutes(1));
            ServiceHttp api = running.http();
            String service = "backpressure-" + UUID.randomUUID();
            List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
            List<CompletableFuture<ServiceHttp.Answer>> waiting = ids.subList(0, 2).stream()
                    .map(id -> CompletableFuture.supplyAsync(() -> api.postEvent(event(id, service)))).toList();
            awaitWaiting(running, 2);

            ServiceHttp.Answer third = api.postEvent(event(ids.get(2), service));
            assertEquals(202, third.status(), third.body()::toString);
            assertEquals("accepted", third.body().path("result").asText(), "kept in the spool, not refused");
            for (CompletableFuture<ServiceHttp.Answer> first : waiting) {
                // not confirmed within the ack wait (the window is longer): kept in the spool too
                assertEquals(202, first.get().status(), () -> first.join().body().toString());
            }

            api.awaitSpoolDrained(Duration.ofSeconds(60));
            assertEquals(Set.copyOf(ids), ElasticsearchHttp.storedIds(TestElasticsearch.url(), ids), "every acknowledged event is stored");
            assertEquals(3, ElasticsearchHttp.countService(TestElasticsearch.url(), service), "each exactly once");
        }
    }

    private static String event(String id, String service) {
        var event = TestEvents.event(id, Instant.now(), "user.login");
        event.putObject("service").put("name", service);
        return event.toString();
    }

    /**
     * The flush comes at the next tick of a clock of the interval, which may be any time within it:
     * when that tick is less than {@code margin} away, waits until it has passed, so the events
     * queued next wait for the following one, far beyond the ack wait.
     */
    private static void awaitFreshFlushWindow(Duration interval, Duration margin) throws InterruptedException {
        long toTick = EventBatcher.nanosToNextTick(System.nanoTime(), interval.toNanos());
        if (toTick < margin.toNanos()) {
            Thread.sleep(Duration.ofNanos(toTick).plusMillis(100));
        }
    }

    /** Waits until the batcher holds {@code n} events: the next one then finds no room. */
    private static void awaitWaiting(RunningService running, int n) throws InterruptedException {
        EventIndexer indexer = running.bean(EventIndexer.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (indexer.waitingSingleEvents() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the first events never reached the batcher");
            }
            Thread.sleep(10);
        }
    }
}
