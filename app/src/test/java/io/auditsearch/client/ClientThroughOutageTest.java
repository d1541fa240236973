package io.auditsearch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.TestCredentials;
import io.auditsearch.support.TestElasticsearch;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Java client against the real service and a real Elasticsearch: 5,000 events recorded while
 * the service is stopped for a while (closed, then started again on the same port and data dir).
 * The client keeps what it cannot send in its disk buffer and replays it; afterwards every recorded
 * {@code event.id} is stored exactly once, and nothing else carries the test's service name.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClientThroughOutageTest {

    private static final int EVENTS = 5_000;
    private static final int STOP_AT = 1_500;
    private static final int RESTART_AT = 3_500;
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void everyRecordedEventIsStoredExactlyOnceAcrossAServiceOutage() throws Exception {
        String es = TestElasticsearch.url();
        String service = "client-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve(service);
        Set<String> recorded = new LinkedHashSet<>();
        long stoppedAt = 0;

        // the first start binds a port of the system's choosing; the restart takes the same one, as a restarted service would
        RunningService running = RunningService.start(es, base.resolve("service"), Map.of());
        int port = URI.create(running.http().base()).getPort();
        Map<String, Object> props = Map.of("micronaut.server.port", port);
        AuditClient client = AuditClient.builder(URI.create("http://127.0.0.1:" + port))
                .apiKey(TestCredentials.ADMIN_KEY)
                .name(service)
                .batchSize(200)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .connectTimeout(Duration.ofSeconds(2))
                .bufferDirectory(base.resolve("client-buffer"), 64L << 20)
                .withoutMicrometer()
                .build();
        try {
            for (int i = 0; i < EVENTS; i++) {
                if (i == STOP_AT) {
                    await(Duration.ofMinutes(1), () -> client.metrics().sent() >= STOP_AT / 2, "some events delivered before the stop");
                    running.close();
                    running = null;
                    stoppedAt = System.nanoTime();
                } else if (i == RESTART_AT) {
                    await(Duration.ofMinutes(1), () -> client.metrics().buffered() > 0, "events moved to the disk buffer during the outage");
                    Duration stopped = Duration.ofNanos(System.nanoTime() - stoppedAt);
                    System.out.printf("[client-outage] the service was stopped for %d s while events kept coming%n", stopped.toSeconds());
                    assertTrue(stopped.compareTo(OUTAGE) >= 0, "an outage of a minute, was " + stopped);
                    running = RunningService.start(es, base.resolve("service"), props);
                }
                AuditEvent event = AuditEvent.builder(i % 3 == 0 ? CatalogEvent.RECORD_VIEWED : CatalogEvent.USER_LOGIN_SUCCEEDED)
                        .actor("u-" + (i % 17), "user" + (i % 17))
                        .resource("invoice", "inv-" + i, null)
                        .service(service)
                        .detail("n", i)
                        .build();
                assertTrue(client.record(event), "queued: " + event);
                recorded.add(event.id());
                if (running == null) {
                    // the outage lasts a minute under a steady stream of events
                    Thread.sleep(OUTAGE.toMillis() / (RESTART_AT - STOP_AT));
                } else if (i % 50 == 0) {
                    Thread.sleep(10); // spread the 5,000 over some seconds, so the outage falls in the middle of the stream
                }
            }
            assertTrue(client.flush(Duration.ofMinutes(3)), "the client delivered everything, disk buffer included");
            running.http().awaitSpoolDrained(Duration.ofMinutes(2));
        } finally {
            client.close(Duration.ofSeconds(5));
            if (running != null) {
                running.close();
            }
        }

        assertEquals(EVENTS, recorded.size());
        assertTrue(client.metrics().buffered() > 0, "the outage was crossed through the disk buffer");
        assertEquals(0, client.metrics().dropped(), "nothing dropped");
        assertEquals(0, client.metrics().rejected(), "nothing refused");
        Set<String> stored = ElasticsearchHttp.storedIds(es, recorded); // fails on an id stored twice
        Set<String> missing = new LinkedHashSet<>(recorded);
        missing.removeAll(stored);
        assertEquals(Set.of(), missing.size() > 20 ? Set.of(missing.size() + " ids, e.g. " + missing.iterator().next()) : missing,
                "recorded but not stored");
        assertEquals(EVENTS, ElasticsearchHttp.countService(es, service), "nothing stored twice under another id, nothing made up");
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
