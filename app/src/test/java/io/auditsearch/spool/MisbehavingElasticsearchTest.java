package io.auditsearch.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.DedicatedNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.FaultyProxy;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Elasticsearch behind a proxy that answers every response 5 s late, then with garbage bytes, a truncated
 * response and a 200 whose body is not JSON: the service stays up, {@code /health} answers fast throughout (p99
 * printed), every event is answered 201 or 202, and once the proxy passes answers again every acknowledged event
 * is in Elasticsearch exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class MisbehavingElasticsearchTest {

    private static final long DELAY_MILLIS = 5_000;

    private DedicatedNode node;
    private FaultyProxy proxy;

    @BeforeAll
    void start() throws Exception {
        node = DedicatedNode.single("misbehaving").start();
        proxy = new FaultyProxy(node.url(), DELAY_MILLIS);
    }

    @AfterAll
    void stop() {
        proxy.close();
        node.close();
    }

    @Test
    void aSlowOrGarbledClusterKeepsHealthFastAndLosesNothingAcknowledged() throws Exception {
        String service = "misbehaving-" + UUID.randomUUID();
        try (RunningService running = RunningService.start(proxy.url(), Map.of("audit.spool.backoff-max", "1s",
                "audit.ingest.ack-wait", "2s"))) {
            ServiceHttp api = running.http();
            ServiceHttp.Answer passing = api.postEvent(event(service, -1).toString());
            assertTrue(passing.status() == 201 || passing.status() == 202, "takes events through the proxy when it passes: " + passing.body());
            Set<String> acknowledged = new HashSet<>();
            acknowledged.add(service + "--1");

            List<Long> healthMillis = Collections.synchronizedList(new ArrayList<>());
            List<String> healthStatuses = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean probing = new AtomicBoolean(true);
            Thread prober = Thread.ofPlatform().name("health-prober").start(() -> {
                Instant end = Instant.now().plus(Duration.ofMinutes(8));
                while (probing.get() && Instant.now().isBefore(end)) {
                    long start = System.nanoTime();
                    ServiceHttp.Answer health = api.get("/health");
                    healthMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    healthStatuses.add(health.status() + " " + health.body().path("details").path("elasticsearch").path("status").asText());
                    pause(200);
                }
            });

            Map<String, Map<String, Integer>> answers = new TreeMap<>();
            int k = 0;
            try {
                for (FaultyProxy.Mode mode : List.of(FaultyProxy.Mode.DELAY, FaultyProxy.Mode.GARBAGE, FaultyProxy.Mode.TRUNCATED,
                        FaultyProxy.Mode.NOT_JSON)) {
                    proxy.mode(mode);
                    Map<String, Integer> seen = answers.computeIfAbsent(mode.name(), m -> new TreeMap<>());
                    for (int i = 0; i < 5; i++, k++) {
                        ObjectNode event = event(service, k);
                        ServiceHttp.Answer a = api.postEvent(event.toString());
                        seen.merge(Integer.toString(a.status()), 1, Integer::sum);
                        assertTrue(a.status() == 201 || a.status() == 202, mode + ": a single event is stored or spooled: " + a.status() + " " + a.body());
                        acknowledged.add(event.path("event").path("id").asText());
                    }
                    List<ObjectNode> batch = new ArrayList<>();
                    for (int i = 0; i < 40; i++, k++) {
                        batch.add(event(service, k));
                    }
                    ServiceHttp.Answer bulk = api.postBulk(ElasticsearchOutageTest.ndjson(batch));
                    assertEquals(200, bulk.status(), mode + ": " + bulk.body());
                    JsonNode items = bulk.body().path("items");
                    assertEquals(batch.size(), items.size(), bulk.body().toString());
                    for (int i = 0; i < items.size(); i++) {
                        int status = items.get(i).path("status").asInt();
                        seen.merge("bulk " + status, 1, Integer::sum);
                        assertTrue(status == 201 || status == 202, mode + ": a bulk item is stored or spooled: " + items.get(i));
                        acknowledged.add(batch.get(i).path("event").path("id").asText());
                    }
                    // the shipper meets the fault too, a few rounds of its backoff
                    pause(3_000);
                }
            } finally {
                proxy.mode(FaultyProxy.Mode.PASS);
            }
            api.awaitSpoolDrained(Duration.ofMinutes(4));
            probing.set(false);
            prober.join(Duration.ofSeconds(30));

            long[] sorted = healthMillis.stream().mapToLong(Long::longValue).sorted().toArray();
            long p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)];
            Set<String> stored = ElasticsearchHttp.storedIds(node.url(), acknowledged);
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(stored);
            System.out.printf("[misbehaving] answers per fault %s; /health %d probes, p50 %d ms, p99 %d ms, max %d ms, statuses %s;"
                            + " acknowledged=%d stored=%d%n", answers, sorted.length, sorted[sorted.length / 2], p99, sorted[sorted.length - 1],
                    new TreeMap<>(healthStatuses.stream().collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()))),
                    acknowledged.size(), stored.size());
            assertTrue(healthStatuses.stream().allMatch(s -> s.startsWith("200 ")), "health answers 200 (UP or DEGRADED) throughout");
            assertTrue(p99 < 3_000, "/health p99 under 3 s while the cluster is slow or garbled: " + p99 + " ms");
            assertEquals(Set.of(), missing, "every acknowledged event is stored");
            assertEquals(acknowledged.size(), ElasticsearchHttp.countService(node.url(), service), "and none twice");
        }
    }

    private static ObjectNode event(String service, int k) {
        Instant base = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        ObjectNode e = TestEvents.event(service + "-" + k, base.plusSeconds(k), "config.change");
        TestEvents.set(e, "service.name", service);
        return e;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
