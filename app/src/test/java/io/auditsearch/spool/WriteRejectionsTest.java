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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-item 429s: a node whose write thread pool has one thread and a queue of one rejects bulk items under load
 * ({@code es_rejected_execution_exception}). Those items are retried through the spool, never dead-lettered, and
 * every acknowledged event is stored exactly once, ids compared.
 */
@Timeout(600)
class WriteRejectionsTest {

    @Test
    void itemsRejectedByAFullWriteQueueAreRetriedAndStoredOnce() throws Exception {
        String service = "rejected-" + UUID.randomUUID();
        try (DedicatedNode node = DedicatedNode.single("rejections", Map.of("thread_pool.write.size", "1",
                "thread_pool.write.queue_size", "1")).start();
             RunningService running = RunningService.start(node.url(), Map.of("audit.spool.backoff-max", "1s"))) {
            ServiceHttp api = running.http();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger spooled = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<?>> sent = new ArrayList<>();
            Instant at = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
            for (int c = 0; c < 8; c++) {
                int client = c;
                sent.add(clients.submit(() -> {
                    for (int round = 0; round < 10; round++) {
                        List<ObjectNode> events = new ArrayList<>();
                        for (int i = 0; i < 200; i++) {
                            // one day, one shard: concurrent bulk requests compete for its one write thread and queue slot
                            ObjectNode e = TestEvents.event(service + "-" + client + "-" + round + "-" + i,
                                    at.plusMillis(client * 10_000L + round * 1_000L + i), "record.update");
                            TestEvents.set(e, "service.name", service);
                            events.add(e);
                        }
                        JsonNode items = api.postBulk(ElasticsearchOutageTest.ndjson(events)).body().path("items");
                        for (int i = 0; i < items.size(); i++) {
                            int status = items.get(i).path("status").asInt();
                            assertTrue(status == 201 || status == 202, "acknowledged, not refused: " + items.get(i));
                            acknowledged.add(events.get(i).path("event").path("id").asText());
                            spooled.addAndGet(status == 202 ? 1 : 0);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get(5, java.util.concurrent.TimeUnit.MINUTES);
            }
            clients.shutdown();
            api.awaitSpoolDrained(Duration.ofMinutes(4));
            long rejections = running.bean(io.micrometer.core.instrument.MeterRegistry.class).find("audit.elasticsearch.errors")
                    .tag("type", "es_rejected_execution_exception").counters().stream().mapToLong(c -> (long) c.count()).sum();
            Set<String> stored = ElasticsearchHttp.storedIds(node.url(), acknowledged);
            System.out.printf("[rejections] acknowledged=%d spooled=%d item_rejections=%d stored=%d%n", acknowledged.size(),
                    spooled.get(), rejections, stored.size());
            assertTrue(rejections > 0, "the write queue rejected items (else this test proves nothing)");
            assertEquals(acknowledged, stored, "every acknowledged event is stored");
            assertEquals(acknowledged.size(), ElasticsearchHttp.countService(node.url(), service), "none twice");
            assertEquals(0, api.get("/v1/admin/dead-letters").body().path("total").asLong(), "nothing was dead-lettered");
        }
    }
}
