package io.auditsearch.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.ServiceProcess;
import io.auditsearch.support.TestElasticsearch;
import io.auditsearch.support.TestEvents;
import java.nio.file.Path;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the service in the middle of a stream of acknowledged events: after a restart on
 * the same data dir, every acknowledged event is stored exactly once. The service waits only a
 * few milliseconds for Elasticsearch, so a good share of the events is in the spool when it dies.
 */
class ServiceKillTest {

    @Test
    void everyAcknowledgedEventSurvivesKillNineOfTheService() throws Exception {
        String es = TestElasticsearch.url();
        String service = "kill9-" + UUID.randomUUID();
        Path base = Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve(service);
        Map<String, String> env = Map.of("ELASTICSEARCH_URL", es, "AUDIT_DATA_DIR", base.resolve("data").toString());
        Map<String, String> props = Map.of("audit.ingest.ack-wait", "3ms", "audit.ingest.bulk-ack-wait", "20ms");
        Path log = base.resolve("service.log");

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger spooled = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ServiceProcess first = ServiceProcess.start(env, props, log);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            ServiceHttp api = first.http();
            for (int c = 0; c < 6; c++) {
                int client = c;
                clients.submit(() -> stream(api, service, client, stop, sent, acknowledged, spooled));
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (acknowledged.size() < 3_000) {
                assertTrue(System.nanoTime() < deadline, "only " + acknowledged.size() + " events acknowledged in 3 minutes");
                Thread.sleep(20);
            }
            first.kill9();
            stop.set(true);
        } finally {
            clients.shutdown();
            clients.awaitTermination(1, TimeUnit.MINUTES);
            first.close();
        }

        try (ServiceProcess second = ServiceProcess.start(env, props, log)) {
            long depthAtStart = second.http().spoolDepth();
            second.http().awaitSpoolDrained(Duration.ofMinutes(3));
            long shipped = shippedBy(second.http());
            System.out.printf("[kill-9] the restarted service found %d events in its spool at start (first look) and shipped %d%n",
                    depthAtStart, shipped);
            assertTrue(shipped > 0, "the restarted process shipped what the killed one had spooled");
            Set<String> stored = ElasticsearchHttp.storedIds(es, acknowledged);
            long all = ElasticsearchHttp.countService(es, service);
            System.out.printf("[kill-9] sent=%d acknowledged=%d (spooled=%d) stored_of_acknowledged=%d stored_total=%d%n",
                    sent.get(), acknowledged.size(), spooled.get(), stored.size(), all);
            assertTrue(spooled.get() > 0, "some acknowledged events were in the spool, not yet in Elasticsearch");
            assertEquals(acknowledged.size(), stored.size(), "every acknowledged event is stored");
            assertTrue(all <= sent.get(), "nothing is stored twice or made up");
        }
    }

    /** Events this process's shipper handed to Elasticsearch, from its metrics ({@code audit_spool_shipped_total}). */
    private static long shippedBy(ServiceHttp api) throws java.io.IOException, InterruptedException {
        java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(api.base() + "/prometheus")).timeout(Duration.ofSeconds(30))
                .header("Authorization", io.auditsearch.support.TestCredentials.authorization()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode(), metrics::body);
        return (long) metrics.body().lines().filter(l -> l.startsWith("audit_spool_shipped_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Posts events (bulks of 50 and single events in turn) until stopped; records what was acknowledged. */
    private static void stream(ServiceHttp api, String service, int client, AtomicBoolean stop, AtomicInteger sent,
                               Set<String> acknowledged, AtomicInteger spooled) {
        Instant base = Instant.now().minus(2, ChronoUnit.DAYS);
        for (int round = 0; !stop.get(); round++) {
            List<ObjectNode> events = new ArrayList<>();
            int size = round % 2 == 0 ? 50 : 1;
            for (int i = 0; i < size; i++) {
                ObjectNode e = TestEvents.event(service + "-" + client + "-" + round + "-" + i, base.plusMillis(round * 97L + i),
                        "record.update");
                TestEvents.set(e, "service.name", service);
                events.add(e);
            }
            sent.addAndGet(size);
            try {
                if (size == 1) {
                    ServiceHttp.Answer a = api.postEvent(events.getFirst().toString());
                    record(a.status(), events.getFirst(), acknowledged, spooled);
                } else {
                    JsonNode items = api.postBulk(ElasticsearchOutageTest.ndjson(events)).body().path("items");
                    for (int i = 0; i < items.size(); i++) {
                        record(items.get(i).path("status").asInt(), events.get(i), acknowledged, spooled);
                    }
                }
            } catch (RuntimeException e) {
                return; // the service is gone: what was not answered was not acknowledged
            }
        }
    }

    private static void record(int status, ObjectNode event, Set<String> acknowledged, AtomicInteger spooled) {
        if (status == 201 || status == 202) {
            acknowledged.add(event.path("event").path("id").asText());
            spooled.addAndGet(status == 202 ? 1 : 0);
        }
    }
}
