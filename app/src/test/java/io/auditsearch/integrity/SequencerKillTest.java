package io.auditsearch.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.ServiceProcess;
import io.auditsearch.support.TestElasticsearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kill -9 of the service while events stream in (some stored and not yet integrated, some in the
 * spool): after a restart on the same data dir every acknowledged event is a leaf of the log, each
 * id once, and the log holds nothing that was not sent.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SequencerKillTest {

    @Test
    void everyAcknowledgedEventIsIntegratedOnceAfterKillNine() throws Exception {
        String es = TestElasticsearch.url();
        String run = "seqkill-" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve(run);
        Map<String, String> env = Map.of("ELASTICSEARCH_URL", es, "AUDIT_DATA_DIR", base.resolve("data").toString());
        Map<String, String> props = Map.of("audit.ingest.ack-wait", "3ms", "audit.ingest.bulk-ack-wait", "20ms",
                "audit.integrity.checkpoint-interval", "700ms");
        Path log = base.resolve("service.log");

        Set<String> sent = ConcurrentHashMap.newKeySet();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ServiceProcess first = ServiceProcess.start(env, props, log);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            ServiceHttp api = first.http();
            for (int c = 0; c < 4; c++) {
                int client = c;
                clients.submit(() -> stream(api, run, client, stop, sent, acknowledged));
            }
            IntegrityFixtures.await(Duration.ofMinutes(2), "1500 acknowledged events", () -> acknowledged.size() >= 1500 ? true : null);
            first.kill9();
            stop.set(true);
        } finally {
            clients.shutdown();
            clients.awaitTermination(1, TimeUnit.MINUTES);
            first.close();
        }

        String instance = Files.readString(base.resolve("data/integrity/instance-id")).strip();
        String origin = "audit-search.local/" + instance + "/_default";
        List<String> beforeRestart = logged(es, origin);
        assertTrue(!beforeRestart.containsAll(acknowledged), "the kill left acknowledged events not yet integrated");
        try (ServiceProcess second = ServiceProcess.start(env, props, log)) {
            second.http().awaitSpoolDrained(Duration.ofMinutes(3));
            List<String> leaves = IntegrityFixtures.await(Duration.ofMinutes(3), "every acknowledged event in the log", () -> {
                List<String> ids = logged(es, origin);
                return ids.containsAll(acknowledged) ? ids : null;
            });
            System.out.printf("[seq-kill-9] sent=%d acknowledged=%d leaves before restart=%d after=%d%n", sent.size(),
                    acknowledged.size(), beforeRestart.size(), leaves.size());
            assertEquals(leaves.size(), new HashSet<>(leaves).size(), "no event is a leaf twice");
            assertTrue(sent.containsAll(leaves), "no leaf for an event that was not sent");
        }
    }

    /** The event ids of the log's leaves, in order, up to its latest checkpoint. */
    static List<String> logged(String es, String origin) {
        ElasticsearchHttp.send(es, "POST", "/audit-integrity-*/_refresh", null);
        JsonNode cp = ElasticsearchHttp.send(es, "POST", "/audit-integrity-checkpoints/_search",
                "{\"size\":1,\"query\":{\"term\":{\"log\":\"" + origin + "\"}},\"sort\":[{\"size\":\"desc\"}]}").body();
        if (cp.path("hits").path("hits").isEmpty()) {
            return List.of();
        }
        long size = cp.path("hits").path("hits").get(0).path("_source").path("size").asLong();
        JsonNode bundles = ElasticsearchHttp.send(es, "POST", "/audit-integrity-bundles/_search",
                "{\"size\":1000,\"query\":{\"term\":{\"log\":\"" + origin + "\"}},\"sort\":[{\"first_leaf\":\"asc\"}]}").body();
        List<String> ids = new ArrayList<>();
        for (JsonNode b : bundles.path("hits").path("hits")) {
            b.path("_source").path("event_ids").forEach(id -> ids.add(id.asText()));
        }
        return ids.subList(0, (int) Math.min(size, ids.size()));
    }

    private static void stream(ServiceHttp api, String run, int client, AtomicBoolean stop, Set<String> sent, Set<String> acknowledged) {
        for (int round = 0; !stop.get(); round++) {
            int size = round % 2 == 0 ? 40 : 1;
            StringBuilder bulk = new StringBuilder();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String id = run + "-" + client + "-" + round + "-" + i;
                ids.add(id);
                bulk.append(IntegrityFixtures.event(id, "record.update", null)).append('\n');
            }
            sent.addAll(ids);
            try {
                if (size == 1) {
                    int status = api.postEvent(bulk.toString().strip()).status();
                    if (status == 201 || status == 202) {
                        acknowledged.add(ids.getFirst());
                    }
                } else {
                    JsonNode items = api.postBulk(bulk.toString()).body().path("items");
                    for (int i = 0; i < items.size(); i++) {
                        int status = items.get(i).path("status").asInt();
                        if (status == 201 || status == 202) {
                            acknowledged.add(ids.get(i));
                        }
                    }
                }
            } catch (RuntimeException e) {
                return; // the service is gone: what was not answered was not acknowledged
            }
        }
    }
}
