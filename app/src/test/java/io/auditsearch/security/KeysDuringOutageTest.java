package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.DedicatedNode;
import io.auditsearch.support.RunningService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A service restarted while Elasticsearch (its key store) is down: it serves within seconds, takes events from keys
 * it verified before its restart (into the spool), answers 503 with Retry-After, never 401, for a key it cannot
 * check, and accepts every valid key as soon as Elasticsearch answers again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class KeysDuringOutageTest {

    private static final Map<String, Object> FAST = Map.of("audit.spool.backoff-max", "1s", "elasticsearch.startup-timeout", "2s",
            "audit.security.key-cache-ttl", "1s");

    private DedicatedNode node;

    @BeforeAll
    void startNode() {
        node = DedicatedNode.single("keys-outage").start();
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    @Test
    void aRestartDuringAnOutageKeepsVerifiedKeysWorkingAndAnswers503ForKeysItCannotCheck() {
        Path dataDir = Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve("keys-outage-" + UUID.randomUUID());
        String used;
        String unused;
        try (RunningService first = RunningService.start(node.url(), dataDir, FAST)) {
            URI base = URI.create(first.http().base());
            used = Keys.key(base, "outage-used", null, "ingest");
            unused = Keys.key(base, "outage-unused", null, "ingest");
            CallerHttp.Response stored = CallerHttp.apiKey(base, used).postJson("/v1/events", event("before"));
            assertEquals(201, stored.status(), stored::toString);
        }
        node.stop();
        Instant starting = Instant.now();
        try (RunningService second = RunningService.start(node.url(), dataDir, FAST)) {
            Duration startup = Duration.between(starting, Instant.now());
            System.out.printf("[keys-outage] service serving %d ms after its start with Elasticsearch down%n", startup.toMillis());
            assertTrue(startup.compareTo(Duration.ofSeconds(5)) <= 0, "serving within 5 s, took " + startup);
            URI base = URI.create(second.http().base());

            CallerHttp.Response known = CallerHttp.apiKey(base, used).postJson("/v1/events", event("during"));
            assertEquals(202, known.status(), known::toString);
            assertEquals("accepted", known.json().path("result").asText(), known::toString);

            CallerHttp.Response unknown = CallerHttp.apiKey(base, unused).postJson("/v1/events", event("unchecked"));
            assertEquals(503, unknown.status(), unknown::toString);
            assertEquals("urn:audit-search:problem:key_store_unavailable", unknown.json().path("type").asText(), unknown::toString);
            assertTrue(unknown.header("Retry-After").isPresent(), unknown::toString);

            CallerHttp.Response garbage = CallerHttp.apiKey(base, "not-a-key-of-ours").postJson("/v1/events", event("garbage"));
            assertEquals(401, garbage.status(), "a key of no known shape is wrong whatever the key store says: " + garbage);

            node.start();
            CallerHttp.Response after = awaitStatus(base, unused, 201, Duration.ofSeconds(60));
            assertEquals(201, after.status(), after::toString);
            CallerHttp.Response madeUp = CallerHttp.apiKey(base, "ask_0123456789abcdef" + "0".repeat(43)).postJson("/v1/events", event("made-up"));
            assertEquals(401, madeUp.status(), "with the key store back, a made-up key is simply wrong: " + madeUp);
        }
    }

    /** Posts with {@code key} until the answer has {@code status} or the deadline passes; the last answer. */
    private static CallerHttp.Response awaitStatus(URI base, String key, int status, Duration deadline) {
        Instant end = Instant.now().plus(deadline);
        CallerHttp.Response r = CallerHttp.apiKey(base, key).postJson("/v1/events", event("after"));
        while (r.status() != status && Instant.now().isBefore(end)) {
            sleep();
            r = CallerHttp.apiKey(base, key).postJson("/v1/events", event("after"));
        }
        return r;
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String event(String what) {
        return "{\"event\":{\"action\":\"keys.outage." + what + "\"},\"user\":{\"name\":\"kim\"}}";
    }
}
