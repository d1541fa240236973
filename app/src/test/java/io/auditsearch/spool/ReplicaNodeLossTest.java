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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A three-node cluster on loopback (managed nodes on their own ports) with one replica per
 * shard: one node is killed with SIGKILL while events stream in; every acknowledged event is
 * still there afterwards. The service knows all three addresses, as a production client would.
 */
class ReplicaNodeLossTest {

    @Test
    void killingOneNodeOfAReplicatedClusterLosesNoAcknowledgedEvent() throws Exception {
        String cluster = "replicas-" + UUID.randomUUID().toString().substring(0, 8);
        int[] http = {DedicatedNode.freePort(), DedicatedNode.freePort(), DedicatedNode.freePort()};
        int[] transport = {DedicatedNode.freePort(), DedicatedNode.freePort(), DedicatedNode.freePort()};
        String seeds = "[\"127.0.0.1:" + transport[0] + "\", \"127.0.0.1:" + transport[1] + "\", \"127.0.0.1:" + transport[2] + "\"]";
        List<DedicatedNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(DedicatedNode.clusterMember(cluster, "n" + i, http[i], transport[i], Map.of(
                    "discovery.seed_hosts", seeds,
                    "cluster.initial_master_nodes", "[\"n0\", \"n1\", \"n2\"]")));
        }
        // each start waits for a healthy cluster, which needs a quorum: start them together
        CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::start)).toArray(CompletableFuture[]::new)).join();
        String urls = nodes.stream().map(DedicatedNode::url).reduce((a, b) -> a + "," + b).orElseThrow();
        String service = "replicas-" + UUID.randomUUID();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        try (RunningService running = RunningService.start(urls, Map.of("audit.index.replicas", "1",
                "audit.spool.backoff-max", "1s"))) {
            ServiceHttp api = running.http();
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
                Instant base = Instant.now().minus(10, ChronoUnit.DAYS);
                for (int round = 0; !stop.get(); round++) {
                    List<ObjectNode> events = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        int k = round * 200 + i;
                        // spread over ten days: ten indices, their primaries on all three nodes
                        ObjectNode e = TestEvents.event(service + "-" + k, base.plusSeconds(k * 37L % 864_000), "file.read");
                        events.add(TestEvents.set(e, "service.name", service));
                    }
                    sent.addAndGet(events.size());
                    JsonNode items = api.postBulk(ElasticsearchOutageTest.ndjson(events)).body().path("items");
                    for (int i = 0; i < items.size(); i++) {
                        int status = items.get(i).path("status").asInt();
                        if (status == 201 || status == 202) {
                            acknowledged.add(events.get(i).path("event").path("id").asText());
                        }
                    }
                }
            });
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (acknowledged.size() < 4_000) {
                assertTrue(System.nanoTime() < deadline, "only " + acknowledged.size() + " events acknowledged in 3 minutes");
                Thread.sleep(20);
            }
            // replicated means every shard has its copy: an index created a moment ago whose replica is still
            // recovering from the node about to die would go red, and no client could write to it until that node returns
            ElasticsearchHttp.send(nodes.get(0).url(), "GET", "/_cluster/health?wait_for_status=green&timeout=60s", null);
            nodes.get(2).kill();
            int atKill = acknowledged.size();
            long afterKill = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (acknowledged.size() < atKill + 4_000 && !stream.isDone()) {
                assertTrue(System.nanoTime() < afterKill, "only " + (acknowledged.size() - atKill) + " events acknowledged in the"
                        + " 3 minutes after the node was killed");
                Thread.sleep(20);
            }
            stop.set(true);
            stream.join();

            api.awaitSpoolDrained(Duration.ofMinutes(3));
            String survivor = nodes.get(0).url();
            JsonNode health = ElasticsearchHttp.send(survivor, "GET", "/_cluster/health?wait_for_status=yellow&timeout=60s", null).body();
            Set<String> stored = ElasticsearchHttp.storedIds(survivor, acknowledged);
            System.out.printf("[replica-loss] sent=%d acknowledged=%d acknowledged_at_kill=%d stored=%d cluster=%s nodes=%d%n",
                    sent.get(), acknowledged.size(), atKill, stored.size(), health.path("status").asText(),
                    health.path("number_of_nodes").asInt());
            assertEquals(2, health.path("number_of_nodes").asInt(), "one node is gone");
            assertTrue(acknowledged.size() > atKill, "ingestion went on after the node was killed");
            assertEquals(acknowledged.size(), stored.size(), "every acknowledged event is stored");
        } finally {
            nodes.forEach(DedicatedNode::close);
        }
    }
}
