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
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Refusals an operator causes and lifts are retried, never dead-lettered: a write block on the day's index, a
 * closed index, and the flood-stage disk watermark (Elasticsearch's own read-only block), each against a real node.
 * Every acknowledged event is stored once the refusal is lifted, ids compared, and the dead letters stay empty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class TransientRefusalsTest {

    private static final Duration DRAIN = Duration.ofMinutes(3);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

    private DedicatedNode node;

    @BeforeAll
    void startNode() {
        node = DedicatedNode.single("refusals").start();
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    @Test
    void aWriteBlockedIndexIsRetriedUntilTheBlockIsLifted() {
        refusedThenLifted("blocked", index -> put(index + "/_settings", "{\"index.blocks.write\":true}"),
                index -> put(index + "/_settings", "{\"index.blocks.write\":null}"));
    }

    @Test
    void aClosedIndexIsRetriedUntilItIsOpenedAgain() {
        refusedThenLifted("closed", index -> post(index + "/_close"), index -> post(index + "/_open?wait_for_active_shards=1"));
    }

    @Test
    void theFloodStageWatermarkIsRetriedUntilDiskSpaceReturns() {
        // every disk is "full" when the flood stage asks for more free space than any disk has (the managed node turns
        // the disk thresholds off for developer machines; this test turns them on)
        refusedThenLifted("flood", index -> put("_cluster/settings", "{\"persistent\":{\"cluster.routing.allocation.disk.threshold_enabled\":true,"
                        + "\"cluster.routing.allocation.disk.watermark.low\":\"1000tb\",\"cluster.routing.allocation.disk.watermark.high\":\"1000tb\","
                        + "\"cluster.routing.allocation.disk.watermark.flood_stage\":\"1000tb\",\"cluster.info.update.interval\":\"10s\"}}"),
                index -> {
                    put("_cluster/settings", "{\"persistent\":{\"cluster.routing.allocation.disk.threshold_enabled\":null,"
                            + "\"cluster.routing.allocation.disk.watermark.low\":null,"
                            + "\"cluster.routing.allocation.disk.watermark.high\":null,\"cluster.routing.allocation.disk.watermark.flood_stage\":null}}");
                    // the block Elasticsearch set is released by itself once the disk is below the stage; do not wait for that
                    put("audit-events-*/_settings", "{\"index.blocks.read_only_allow_delete\":null}");
                },
                true);
    }

    private void refusedThenLifted(String name, Consumer<String> refuse, Consumer<String> lift) {
        refusedThenLifted(name, refuse, lift, false);
    }

    private void refusedThenLifted(String name, Consumer<String> refuse, Consumer<String> lift, boolean waitForBlock) {
        String service = name + "-" + UUID.randomUUID();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        String index = "audit-events-" + DAY.format(at);
        try (RunningService running = RunningService.start(node.url(), Map.of("audit.spool.backoff-max", "1s"))) {
            ServiceHttp api = running.http();
            List<ObjectNode> first = events(service, 10, 0, at);
            assertEquals(Set.of(201), statuses(api.postBulk(ElasticsearchOutageTest.ndjson(first))), "the index exists and takes writes");
            refuse.accept(index);
            if (waitForBlock) {
                awaitBlock(index);
            }
            List<ObjectNode> refused = events(service, 200, 10, at);
            JsonNode answer = api.postBulk(ElasticsearchOutageTest.ndjson(refused)).body();
            Set<Integer> seen = statuses(answer);
            assertEquals(Set.of(202), seen, "kept in the spool, not dead-lettered: " + answer.path("items").path(0));

            lift.accept(index);
            api.awaitSpoolDrained(DRAIN);
            Set<String> acknowledged = new HashSet<>();
            first.forEach(e -> acknowledged.add(e.path("event").path("id").asText()));
            refused.forEach(e -> acknowledged.add(e.path("event").path("id").asText()));
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(ElasticsearchHttp.storedIds(node.url(), acknowledged));
            assertEquals(Set.of(), missing, "every acknowledged event is stored once the refusal is lifted");
            assertEquals(acknowledged.size(), ElasticsearchHttp.countService(node.url(), service), "none twice");
            assertEquals(0, api.get("/v1/admin/dead-letters").body().path("total").asLong(), "nothing was dead-lettered");
        }
    }

    /** Waits until Elasticsearch has put its flood-stage block on {@code index}. */
    private void awaitBlock(String index) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!ElasticsearchHttp.send(node.url(), "GET", "/" + index + "/_settings", null).body().toString()
                .contains("read_only_allow_delete")) {
            assertTrue(System.nanoTime() < deadline, "Elasticsearch did not block " + index + " within a minute");
            sleep();
        }
    }

    private static Set<Integer> statuses(ServiceHttp.Answer answer) {
        return statuses(answer.body());
    }

    private static Set<Integer> statuses(JsonNode body) {
        Set<Integer> statuses = new HashSet<>();
        body.path("items").forEach(item -> statuses.add(item.path("status").asInt()));
        return statuses;
    }

    private static List<ObjectNode> events(String service, int n, int from, Instant at) {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            ObjectNode e = TestEvents.event(service + "-" + i, at.plusMillis(i), "record.update");
            TestEvents.set(e, "service.name", service);
            events.add(e);
        }
        return events;
    }

    private void put(String path, String body) {
        var r = ElasticsearchHttp.send(node.url(), "PUT", "/" + path, body);
        assertEquals(200, r.status(), path + ": " + r.body());
    }

    private void post(String path) {
        var r = ElasticsearchHttp.send(node.url(), "POST", "/" + path, null);
        assertEquals(200, r.status(), path + ": " + r.body());
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
