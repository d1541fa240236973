package io.auditsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.ServiceProcess;
import io.auditsearch.support.TestElasticsearch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service killed with SIGKILL while it streams, and started again on its data dir: the stream
 * resumes from its durable cursor and every acknowledged event reaches the receiver, in order.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class StreamKillTest {

    @Test
    void aStreamResumesFromItsCursorAfterKillNineAndNothingIsMissing() throws Exception {
        String es = TestElasticsearch.url();
        String run = "kill" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve(run);
        Map<String, String> env = Map.of("ELASTICSEARCH_URL", es, "AUDIT_DATA_DIR", base.resolve("data").toString());
        Map<String, String> props = Map.of("audit.streams.linger", "50ms", "audit.streams.refresh-interval", "1s",
                "audit.streams.backoff-max", "1s", "audit.streams.pending-grace", "5s", "audit.streams.batch-size", "100");
        Path log = base.resolve("service.log");
        String secret = StreamFixtures.secret();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();

        try (WebhookReceiver receiver = new WebhookReceiver(secret)) {
            // slower than ingest, so the kill finds acknowledged events not yet streamed
            receiver.slow(Duration.ofMillis(400));
            ServiceProcess first = ServiceProcess.start(env, props, log);
            Thread client;
            try {
                ServiceHttp api = first.http();
                assertEquals(201, StreamFixtures.createWebhook(api, receiver.url(), List.of(secret), run).status());
                client = Thread.ofPlatform().start(() -> {
                    for (int chunk = 0; !stop.get() && chunk < 100; chunk++) {
                        List<ObjectNode> events = StreamFixtures.events(run + "-" + chunk, 100);
                        events.forEach(e -> sent.add(e.path("event").path("id").asText()));
                        try {
                            StreamFixtures.ingest(api, events);
                            events.forEach(e -> acknowledged.add(e.path("event").path("id").asText()));
                        } catch (RuntimeException | AssertionError e) {
                            return; // the service was killed under this bulk
                        }
                    }
                });
                StreamFixtures.await(Duration.ofMinutes(4), "200 events streamed and 300 more acknowledged before the kill",
                        () -> receiver.distinctIds().size() >= 200 && acknowledged.size() - receiver.distinctIds().size() >= 300 ? true : null);
                first.kill9();
                stop.set(true);
                client.join(30_000);
            } finally {
                first.close();
            }
            int beforeRestart = receiver.distinctIds().size();
            assertTrue(beforeRestart < acknowledged.size(), "the kill left acknowledged events not yet streamed");

            receiver.slow(Duration.ZERO);
            try (ServiceProcess second = ServiceProcess.start(env, props, log)) {
                StreamFixtures.await(Duration.ofMinutes(3), "every acknowledged event streamed after the restart",
                        () -> receiver.distinctIds().containsAll(acknowledged) ? true : null);
                List<String> order = new ArrayList<>(receiver.distinctIds());
                order.retainAll(Set.copyOf(acknowledged));
                assertEquals(acknowledged, order, "acknowledged events in acceptance order");
                assertTrue(sent.containsAll(receiver.distinctIds()), "nothing that was not sent");
                int duplicates = receiver.received().size() - receiver.distinctIds().size();
                System.out.printf("[stream-kill-9] acknowledged=%d streamed before kill=%d after restart=%d duplicates=%d%n",
                        acknowledged.size(), beforeRestart, receiver.distinctIds().size(), duplicates);
                assertEquals(0, receiver.badSignatures());
            }
        }
    }
}
