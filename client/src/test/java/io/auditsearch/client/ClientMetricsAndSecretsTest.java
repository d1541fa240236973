package io.auditsearch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Metrics through Micrometer and the plain getters; the full policy; credentials kept out of logs and strings. */
@Timeout(60)
class ClientMetricsAndSecretsTest {

    @Test
    void countersAndGaugesArePublishedToMicrometerAndRemovedAtClose() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (FakeAuditService service = new FakeAuditService()) {
            AuditClient client = AuditClient.builder(service.uri()).apiKey(FakeAuditService.KEY).name("billing")
                    .meterRegistry(registry).linger(Duration.ofMillis(10)).build();
            client.record(TestEvents.login(1));
            client.record(TestEvents.login(2));
            client.record(TestEvents.invalidOnTheService(3));
            assertTrue(client.flush(Duration.ofSeconds(10)));
            assertEquals(3.0, count(registry, "queued"));
            assertEquals(2.0, count(registry, "sent"));
            assertEquals(1.0, count(registry, "rejected"));
            assertEquals(0.0, count(registry, "dropped"));
            assertEquals(0.0, registry.get("audit.client.queue.depth").tag("client", "billing").gauge().value());
            assertEquals(2, client.metrics().sent());
            client.close();
            assertNull(registry.find("audit.client.events").functionCounter(), "meters removed at close");
        }
    }

    private static double count(SimpleMeterRegistry registry, String state) {
        return registry.get("audit.client.events").tag("client", "billing").tag("state", state).functionCounter().count();
    }

    @Test
    void theDropPolicyDropsAtOnceCountingLoggingAndTellingTheListener() throws Exception {
        List<String> reasons = Collections.synchronizedList(new ArrayList<>());
        try (LogCapture log = new LogCapture();
             AuditClient client = AuditClient.builder(URI.create("http://127.0.0.1:" + AuditClientTest.deadPort()))
                     .apiKey(FakeAuditService.KEY).withoutMicrometer().queueCapacity(10).batchSize(5)
                     .backoff(Duration.ofSeconds(5), Duration.ofSeconds(5)).fullPolicy(FullPolicy.drop())
                     .closeTimeout(Duration.ofMillis(100)).listener(new DeliveryListener() {
                         @Override
                         public void dropped(AuditEvent event, String reason) {
                             reasons.add(reason);
                         }
                     }).build()) {
            List<Long> dropNanos = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                long start = System.nanoTime();
                if (!client.record(TestEvents.login(i))) {
                    dropNanos.add(System.nanoTime() - start);
                }
            }
            int refused = dropNanos.size();
            Collections.sort(dropNanos);
            assertTrue(dropNanos.get(refused / 2) < Duration.ofMillis(5).toNanos(), "DROP never waits: median " + dropNanos.get(refused / 2) + " ns");
            assertTrue(refused >= 100 - 10 - 5, "at most the queue and one batch held: " + refused);
            assertEquals(refused, client.metrics().dropped());
            assertEquals(refused, reasons.size());
            assertTrue(reasons.stream().allMatch("queue_full"::equals));
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("dropped") && l.contains("queue_full")), log.lines().toString());
        }
    }

    @Test
    void theBlockPolicyWaitsUpToItsTimeoutThenDrops() throws Exception {
        try (AuditClient client = AuditClient.builder(URI.create("http://127.0.0.1:" + AuditClientTest.deadPort()))
                .apiKey(FakeAuditService.KEY).withoutMicrometer().queueCapacity(3).batchSize(1)
                .backoff(Duration.ofSeconds(5), Duration.ofSeconds(5)).fullPolicy(FullPolicy.block(Duration.ofMillis(300)))
                .closeTimeout(Duration.ofMillis(100)).build()) {
            long waited = -1;
            for (int i = 0; i < 10 && waited < 0; i++) {
                long start = System.nanoTime();
                if (!client.record(TestEvents.login(i))) {
                    waited = (System.nanoTime() - start) / 1_000_000;
                }
            }
            assertTrue(waited >= 280 && waited < 5_000, "blocked " + waited + " ms before dropping");
            assertEquals(1, client.metrics().dropped());
        }
    }

    @Test
    void theApiKeyIsSentButNeverLoggedNorPrinted() throws Exception {
        try (LogCapture log = new LogCapture(); FakeAuditService service = new FakeAuditService()) {
            service.answerNext(503, "0", 1);
            AuditClientBuilder builder = AuditClient.builder(service.uri()).apiKey(FakeAuditService.KEY).withoutMicrometer()
                    .backoff(Duration.ofMillis(10), Duration.ofMillis(20)).linger(Duration.ofMillis(5));
            try (AuditClient client = builder.build()) {
                client.record(TestEvents.login(1));
                client.record(TestEvents.invalidOnTheService(2));
                assertTrue(client.flush(Duration.ofSeconds(10)));
                assertFalse(client.toString().contains(FakeAuditService.KEY), client.toString());
                assertTrue(client.toString().contains("ApiKey [redacted]"));
            }
            try (AuditClient wrongUrl = AuditClient.builder(URI.create("http://127.0.0.1:" + AuditClientTest.deadPort()))
                    .apiKey(FakeAuditService.KEY).withoutMicrometer().closeTimeout(Duration.ofMillis(300)).build()) {
                wrongUrl.record(TestEvents.login(3));
                wrongUrl.flush(Duration.ofMillis(300));
            }
            assertEquals("ApiKey " + FakeAuditService.KEY, service.authorizations().get(0));
            assertTrue(log.lines().size() >= 3, log.lines().toString()); // a failed attempt, a refusal, a loss at close
            log.lines().forEach(line -> assertFalse(line.contains(FakeAuditService.KEY), line));
        }
    }

    @Test
    void aBearerTokenIsAskedForOnEveryRequest() {
        try (FakeAuditService service = new FakeAuditService()) {
            int[] calls = {0};
            try (AuditClient client = AuditClient.builder(service.uri()).bearerToken(() -> "jwt-" + (++calls[0]))
                    .withoutMicrometer().linger(Duration.ofMillis(5)).closeTimeout(Duration.ofMillis(500)).build()) {
                client.record(TestEvents.login(1));
                client.flush(Duration.ofMillis(500)); // the stand-in takes API keys only: 401, retried
                assertTrue(FakeAuditService.await(() -> service.authorizations().size() >= 2, 5_000));
            }
            assertEquals("Bearer jwt-1", service.authorizations().get(0));
            assertEquals("Bearer jwt-2", service.authorizations().get(1));
        }
    }
}
