package io.auditsearch.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.DedicatedNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.TestEvents;
import java.net.URI;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Two service instances, each with its own data dir, against one three-node cluster and no balancer between them:
 * a cursor issued by one is followed on the other (a shared {@code audit.search.cursor-key}), a key revoked on one is
 * refused by the other within {@code audit.security.key-cache-ttl}, and events sent to both, retried across them, are
 * stored exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(1800)
class SeveralInstancesTest {

    private static final Duration KEY_CACHE_TTL = Duration.ofSeconds(2);
    private static final Map<String, Object> SHARED = Map.of(
            "audit.search.cursor-key", "several-instances-test-cursor-key-0123456789",
            "audit.security.key-cache-ttl", KEY_CACHE_TTL.toSeconds() + "s",
            "audit.index.replicas", "1",
            "audit.spool.backoff-max", "1s");

    private final List<DedicatedNode> nodes = new ArrayList<>();
    /** Threads of their own: the common pool has one thread on a two-core machine, which would run "concurrent" work in turn. */
    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private String urls;
    private RunningService a;
    private RunningService b;

    @BeforeAll
    void start() {
        String cluster = "instances-" + ProcessHandle.current().pid();
        int[] http = {DedicatedNode.freePort(), DedicatedNode.freePort(), DedicatedNode.freePort()};
        int[] transport = {DedicatedNode.freePort(), DedicatedNode.freePort(), DedicatedNode.freePort()};
        String seeds = "[\"127.0.0.1:" + transport[0] + "\", \"127.0.0.1:" + transport[1] + "\", \"127.0.0.1:" + transport[2] + "\"]";
        for (int i = 0; i < 3; i++) {
            nodes.add(DedicatedNode.clusterMember(cluster, "n" + i, http[i], transport[i], Map.of(
                    "discovery.seed_hosts", seeds,
                    "cluster.initial_master_nodes", "[\"n0\", \"n1\", \"n2\"]"), "256m"));
        }
        // each start waits for a healthy cluster, which needs a quorum: start them together
        CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::start, pool)).toArray(CompletableFuture[]::new))
                .orTimeout(10, TimeUnit.MINUTES).join();
        // the instances list the nodes in different orders, so they talk to different coordinating nodes first
        urls = nodes.get(0).url() + "," + nodes.get(1).url() + "," + nodes.get(2).url();
        String reversed = nodes.get(2).url() + "," + nodes.get(1).url() + "," + nodes.get(0).url();
        a = RunningService.start(urls, SHARED);
        b = RunningService.start(reversed, SHARED);
    }

    @AfterAll
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        nodes.forEach(DedicatedNode::close);
        pool.shutdownNow();
    }

    @Test
    void aCursorIssuedByOneInstanceIsFollowedOnTheOther() {
        String service = "cursor-" + UUID.randomUUID();
        List<ObjectNode> events = events(service, 25);
        JsonNode stored = a.http().postBulk(ndjson(events)).body();
        assertFalse(stored.path("errors").asBoolean(true), stored.toString());
        ElasticsearchHttp.send(urls.split(",")[0], "POST", "/audit-events-*/_refresh", null);

        URI onA = URI.create(a.http().base());
        URI onB = URI.create(b.http().base());
        CallerHttp.Response whole = CallerHttp.admin(onA).get("/v1/events", "service", service, "size", "25");
        assertEquals(200, whole.status(), whole::toString);
        List<String> expected = ids(whole.json());
        assertEquals(25, expected.size(), whole::toString);

        List<String> walked = new ArrayList<>();
        CallerHttp.Response page = CallerHttp.admin(onA).get("/v1/events", "service", service, "size", "10");
        assertEquals(200, page.status(), page::toString);
        walked.addAll(ids(page.json()));
        for (int i = 1; !page.json().path("next_cursor").isNull() && !page.json().path("next_cursor").isMissingNode(); i++) {
            URI on = i % 2 == 1 ? onB : onA; // the pages alternate: issued on one, followed on the other
            String cursor = page.json().path("next_cursor").asText();
            page = CallerHttp.admin(on).get("/v1/events", "cursor", cursor, "size", "10");
            assertEquals(200, page.status(), "a cursor of the other instance is followed: " + page);
            walked.addAll(ids(page.json()));
            assertTrue(i < 10, "the walk ends");
        }
        assertEquals(expected, walked, "the same events in the same order, none twice, none missing");
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedByTheOtherWithinTheKeyCacheTtl() {
        URI onA = URI.create(a.http().base());
        URI onB = URI.create(b.http().base());
        CallerHttp.Response created = CallerHttp.admin(onA).postJson("/v1/admin/keys", "{\"name\":\"two-instances\",\"roles\":[\"ingest\"]}");
        assertEquals(201, created.status(), created::toString);
        String key = created.json().path("key").asText();
        String id = created.json().path("id").asText();
        CallerHttp.Response before = CallerHttp.apiKey(onB, key).postJson("/v1/events", event("revoke.before"));
        assertEquals(201, before.status(), "the other instance accepts the key: " + before);

        CallerHttp.Response revoked = CallerHttp.admin(onA).delete("/v1/admin/keys/" + id);
        assertEquals(200, revoked.status(), revoked::toString);
        Instant at = Instant.now();
        CallerHttp.Response onRevoker = CallerHttp.apiKey(onA, key).postJson("/v1/events", event("revoke.a"));
        assertEquals(401, onRevoker.status(), "refused at once where it was revoked: " + onRevoker);

        CallerHttp.Response other = CallerHttp.apiKey(onB, key).postJson("/v1/events", event("revoke.b"));
        Instant deadline = at.plus(KEY_CACHE_TTL).plusSeconds(5);
        while (other.status() != 401 && Instant.now().isBefore(deadline)) {
            assertEquals(201, other.status(), "until then the key still works there: " + other);
            pause(100);
            other = CallerHttp.apiKey(onB, key).postJson("/v1/events", event("revoke.b"));
        }
        Duration took = Duration.between(at, Instant.now());
        System.out.printf("[instances] a key revoked on one instance was refused by the other after %d ms (key-cache-ttl %s)%n",
                took.toMillis(), KEY_CACHE_TTL);
        assertEquals(401, other.status(), "the other instance refuses the revoked key: " + other);
        assertTrue(took.compareTo(KEY_CACHE_TTL.plusSeconds(1)) <= 0, "within the key cache's time (+1 s for the round trips): " + took);
    }

    @Test
    void eventsSentToBothInstancesConcurrentlyAndRetriedAcrossThemAreStoredExactlyOnce() throws Exception {
        String service = "both-" + UUID.randomUUID();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, Integer> results = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            int sender = s;
            senders.add(CompletableFuture.runAsync(() -> {
                for (int round = 0; round < 10; round++) {
                    List<ObjectNode> batch = events(service + "-" + sender + "-" + round, 200);
                    batch.forEach(e -> TestEvents.set(e, "service.name", service));
                    // alternating instances; each batch is then sent again to the other one, as a client retrying
                    // after a lost answer would
                    boolean aFirst = (round + sender) % 2 == 0;
                    ServiceHttp first = aFirst ? a.http() : b.http();
                    ServiceHttp retry = aFirst ? b.http() : a.http();
                    for (ServiceHttp to : List.of(first, retry)) {
                        JsonNode items = to.postBulk(ndjson(batch)).body().path("items");
                        assertEquals(batch.size(), items.size());
                        for (int i = 0; i < items.size(); i++) {
                            int status = items.get(i).path("status").asInt();
                            results.merge(status + " " + items.get(i).path("result").asText(), 1, Integer::sum);
                            if (status >= 200 && status < 300) {
                                acknowledged.add(batch.get(i).path("event").path("id").asText());
                            }
                        }
                    }
                }
            }, pool));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        a.http().awaitSpoolDrained(Duration.ofMinutes(2));
        b.http().awaitSpoolDrained(Duration.ofMinutes(2));
        String es = urls.split(",")[1];
        Set<String> stored = ElasticsearchHttp.storedIds(es, acknowledged);
        long total = ElasticsearchHttp.countService(es, service);
        System.out.printf("[instances] sent 2 x 10 x 200 events, each twice (once per instance): %s; acknowledged=%d stored=%d total=%d%n",
                results, acknowledged.size(), stored.size(), total);
        assertEquals(4_000, acknowledged.size(), "every event acknowledged: " + results);
        assertEquals(acknowledged, stored, "every acknowledged event is stored");
        assertEquals(4_000, total, "each exactly once");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("events").forEach(e -> ids.add(e.path("event").path("id").asText()));
        return ids;
    }

    private static List<ObjectNode> events(String prefix, int count) {
        Instant base = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode e = TestEvents.event(prefix + "-" + i, base.plusSeconds(i * 7L), "record.update");
            TestEvents.set(e, "service.name", prefix);
            events.add(e);
        }
        return events;
    }

    private static String ndjson(List<ObjectNode> events) {
        StringBuilder body = new StringBuilder();
        events.forEach(e -> body.append(e).append('\n'));
        return body.toString();
    }

    private static String event(String action) {
        return "{\"event\":{\"action\":\"" + action + "\"},\"user\":{\"name\":\"kim\"}}";
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
