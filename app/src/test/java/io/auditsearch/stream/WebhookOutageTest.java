package io.auditsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.TestElasticsearch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The receiver is down for 60 s while 20,000 events are ingested, then back: every event arrives,
 * in acceptance order, and the only duplicates are events of batches sent again because their
 * acknowledgement was not seen (counted and printed). While it is down the stream is failing and
 * its lag visible, and ingestion goes on.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class WebhookOutageTest {

    private static final int DURING = 20_000;
    private static final Duration DOWN = Duration.ofSeconds(60);

    @Test
    void everyEventArrivesInOrderAfterTheReceiverWasDownForAMinute() throws Exception {
        String run = "out" + UUID.randomUUID().toString().substring(0, 8);
        String secret = StreamFixtures.secret();
        try (RunningService service = RunningService.start(TestElasticsearch.url(), StreamFixtures.FAST);
             WebhookReceiver receiver = new WebhookReceiver(secret)) {
            ServiceHttp api = service.http();
            String id = StreamFixtures.createWebhook(api, receiver.url(), List.of(secret), run).body().path("id").asText();
            List<ObjectNode> before = StreamFixtures.events(run + "-a", 1000);
            StreamFixtures.ingest(api, before);
            StreamFixtures.await(Duration.ofSeconds(60), "the first 1000 delivered", () -> receiver.distinctIds().size() >= 1000 ? true : null);

            receiver.down();
            long downAt = System.nanoTime();
            List<ObjectNode> during = StreamFixtures.events(run + "-b", DURING);
            long ingestStart = System.nanoTime();
            for (int i = 0; i < DURING; i += 1000) {
                StreamFixtures.ingest(api, during.subList(i, i + 1000));
            }
            double ingestSeconds = (System.nanoTime() - ingestStart) / 1e9;
            // the receiver stays down at least DOWN, and until the stream is seen failing with its lag
            JsonNode failing = StreamFixtures.await(DOWN.plus(Duration.ofMinutes(3)), "the stream failing with its lag visible", () -> {
                JsonNode s = StreamFixtures.status(api, id);
                return "failing".equals(s.path("state").asText()) && s.path("lag_events").asLong() > 0 ? s : null;
            });
            JsonNode health = api.get("/health").body().path("details").path("streams").path("details").path("destinations").path(id);
            assertEquals("failing", health.path("state").asText(), health::toString);
            assertTrue(health.has("last_error"), health::toString);
            long left = DOWN.toNanos() - (System.nanoTime() - downAt);
            if (left > 0) {
                Thread.sleep(left / 1_000_000);
            }
            receiver.up();

            int expected = before.size() + DURING;
            StreamFixtures.await(Duration.ofMinutes(5), expected + " events after the outage",
                    () -> receiver.distinctIds().size() >= expected ? true : null);

            List<String> sent = new ArrayList<>();
            before.forEach(e -> sent.add(e.path("event").path("id").asText()));
            during.forEach(e -> sent.add(e.path("event").path("id").asText()));
            assertEquals(sent, receiver.distinctIds(), "every event, in acceptance order, nothing else");
            List<WebhookReceiver.Received> got = receiver.received();
            int duplicates = got.size() - expected;
            // a repeat must come in a batch (webhook-id) that was sent again, never as a new batch
            Map<String, Integer> timesSeen = new HashMap<>();
            Set<String> seen = new HashSet<>();
            Set<String> repeatedBatches = new HashSet<>();
            for (WebhookReceiver.Received r : got) {
                if (!seen.add(r.id())) {
                    repeatedBatches.add(r.webhookId());
                }
                timesSeen.merge(r.webhookId() + "/" + r.id(), 1, Integer::sum);
            }
            for (String batch : repeatedBatches) {
                assertTrue(got.stream().filter(r -> r.webhookId().equals(batch)).count() > 1, "repeat " + batch + " was a resend");
            }
            System.out.printf("[stream-outage] events=%d received=%d duplicates=%d (re-sent batches %d) requests=%d bad-signatures=%d"
                            + " ingest during outage %.0f events/s, lag at failing %s%n",
                    expected, got.size(), duplicates, repeatedBatches.size(), receiver.requests(), receiver.badSignatures(),
                    DURING / ingestSeconds, failing.path("lag_events").asText());
            assertEquals(0, receiver.badSignatures());
            JsonNode done = StreamFixtures.await(Duration.ofSeconds(30), "active again with no lag", () -> {
                JsonNode s = StreamFixtures.status(api, id);
                return "active".equals(s.path("state").asText()) && s.path("lag_events").asLong() == 0 ? s : null;
            });
            assertTrue(done.path("retried").asLong() > 0, done::toString);
        }
    }
}
