package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.DedicatedNode;
import io.auditsearch.support.Json;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.SourceBoundHttp;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * 50,000 made-up keys from four loopback addresses while a real caller keeps posting from another: the real
 * caller's requests all succeed, each flooding address gets 429 with Retry-After once its failed-authentication
 * budget is spent, and the real key stays in memory (a key cache far smaller than the flood), so it keeps
 * working when Elasticsearch stops right after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class AuthenticationFloodTest {

    /** Made-up keys in all; {@code -Daudit.test.flood=4000} for a quicker look (at least 4 x the burst). */
    private static final int FLOOD = Integer.getInteger("audit.test.flood", 50_000);
    private static final List<String> FLOODERS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");
    private static final int BURST = 500;
    private static final double PER_SECOND = 5;
    private static final Map<String, Object> LIMITS = Map.of(
            "audit.security.failed-authentication.enabled", true,
            "audit.security.failed-authentication.burst", BURST,
            "audit.security.failed-authentication.per-second", PER_SECOND,
            // far fewer slots than the made-up ids that reach the key store (4 x 500): none may take the real key's
            "audit.security.key-cache-size", 100,
            "audit.security.key-cache-ttl", "1s",
            "audit.spool.backoff-max", "1s");
    private static final SecureRandom RANDOM = new SecureRandom();

    private DedicatedNode node;

    @BeforeAll
    void startNode() {
        node = DedicatedNode.single("auth-flood").start();
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    @Test
    void aFloodOfMadeUpKeysIsLimitedPerAddressWhileARealCallerKeepsWorkingAndKeepsItsCachedKey() throws Exception {
        try (RunningService service = RunningService.start(node.url(), LIMITS)) {
            URI base = URI.create(service.http().base());
            String real = Keys.key(base, "flood-real", null, "ingest");
            String realId = ApiKeySecret.idOf(real).orElseThrow();

            AtomicBoolean flooding = new AtomicBoolean(true);
            List<Long> latencies = new ArrayList<>();
            Map<Integer, Integer> realStatuses = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(FLOODERS.size() + 1);
            try {
                Future<?> caller = pool.submit(() -> {
                    Instant end = Instant.now().plus(Duration.ofMinutes(5));
                    int n = 0;
                    while (flooding.get() && Instant.now().isBefore(end)) {
                        long start = System.nanoTime();
                        CallerHttp.Response r = CallerHttp.apiKey(base, real).postJson("/v1/events", event("real-" + n++));
                        latencies.add(System.nanoTime() - start);
                        realStatuses.merge(r.status(), 1, Integer::sum);
                        pause(50);
                    }
                });
                Instant started = Instant.now();
                List<Future<Map<Integer, Integer>>> floods = new ArrayList<>();
                for (String source : FLOODERS) {
                    floods.add(pool.submit(() -> flood(source, base, FLOOD / FLOODERS.size())));
                }
                List<Map<Integer, Integer>> results = new ArrayList<>();
                for (Future<Map<Integer, Integer>> f : floods) {
                    results.add(f.get(8, TimeUnit.MINUTES));
                }
                double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
                flooding.set(false);
                caller.get(1, TimeUnit.MINUTES);

                long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                long p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)];
                System.out.printf("[auth-flood] %d made-up keys from %d addresses in %.1f s: %s; real caller %d requests %s, p50 %d ms, p99 %d ms%n",
                        FLOOD, FLOODERS.size(), seconds, results, sorted.length, realStatuses,
                        TimeUnit.NANOSECONDS.toMillis(sorted[sorted.length / 2]), TimeUnit.NANOSECONDS.toMillis(p99));

                assertTrue(sorted.length > 0, "the real caller made requests during the flood");
                assertEquals(Map.of(201, sorted.length), Map.copyOf(realStatuses), "every request of the real caller was stored");
                assertTrue(p99 < TimeUnit.SECONDS.toNanos(3), "the real caller's p99 stays under 3 s: " + TimeUnit.NANOSECONDS.toMillis(p99) + " ms");
                long allowed = BURST + (long) Math.ceil(PER_SECOND * seconds) + 1;
                for (int i = 0; i < FLOODERS.size(); i++) {
                    Map<Integer, Integer> r = results.get(i);
                    assertEquals(FLOOD / FLOODERS.size(), r.getOrDefault(401, 0) + r.getOrDefault(429, 0), "only 401 and 429 for made-up keys: " + r);
                    assertTrue(r.getOrDefault(401, 0) >= BURST && r.getOrDefault(401, 0) <= allowed,
                            FLOODERS.get(i) + " had its budget of failed authentications (" + BURST + " + " + PER_SECOND + "/s) and no more: " + r);
                    assertTrue(r.getOrDefault(429, 0) > 0, FLOODERS.get(i) + " was limited: " + r);
                }
            } finally {
                flooding.set(false);
                pool.shutdownNow();
            }

            assertTrue(service.bean(ApiKeyAuthenticator.class).holds(realId), "the real key is still held in memory after the flood");
            node.stop();
            try {
                CallerHttp.Response during = CallerHttp.apiKey(base, real).postJson("/v1/events", event("after-flood"));
                assertEquals(202, during.status(), "the cached key still works with Elasticsearch down (spooled): " + during);
                assertEquals("accepted", during.json().path("result").asText(), during::toString);
            } finally {
                node.start();
            }
        }
    }

    /** Sends {@code count} made-up keys from {@code source}; statuses counted. Checks each 429's Retry-After and body. */
    private static Map<Integer, Integer> flood(String source, URI base, int count) {
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        try (SourceBoundHttp http = new SourceBoundHttp(source, base)) {
            for (int i = 0; i < count; i++) {
                SourceBoundHttp.Answer a = http.post("/v1/events", "ApiKey " + madeUpKey(), event("flood"));
                statuses.merge(a.status(), 1, Integer::sum);
                if (a.status() == 429 && statuses.get(429) == 1) {
                    assertTrue(Integer.parseInt(a.headers().getOrDefault("retry-after", "0")) >= 1, "429 with Retry-After: " + a);
                    assertEquals("urn:audit-search:problem:authentication_rate_limited", Json.parse(a.body()).path("type").asText(), a.body());
                }
            }
        }
        return statuses;
    }

    /** A key of our shape (so the service must look its id up) that nobody was ever given. */
    private static String madeUpKey() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return "ask_" + HexFormat.of().formatHex(id) + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static String event(String what) {
        return "{\"event\":{\"action\":\"auth.flood." + what + "\"},\"user\":{\"name\":\"kim\"}}";
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
