package io.auditsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.Json;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.TestElasticsearch;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Splunk HEC destination with indexer acknowledgement, against a receiver that speaks HEC and
 * acknowledges only after a delay: the events arrive with token and channel, and the stream's
 * cursor does not move (nothing counts as delivered) until Splunk says they are indexed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SplunkHecStreamTest {

    private static final Duration ACK_DELAY = Duration.ofSeconds(4);

    @Test
    void eventsCountAsDeliveredOnlyOnceHecAcknowledgesThem() throws Exception {
        String run = "hec" + UUID.randomUUID().toString().substring(0, 8);
        String token = UUID.randomUUID().toString();
        try (RunningService service = RunningService.start(TestElasticsearch.url(), StreamFixtures.FAST);
             HecReceiver hec = new HecReceiver(token, ACK_DELAY)) {
            ServiceHttp api = service.http();
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("type", "splunk_hec").put("url", hec.url()).put("secret", token);
            body.putObject("options").put("ack", "true").put("ack_poll", "PT0.1S").put("index", "audit");
            body.putObject("filter").put("action_prefix", run);
            ServiceHttp.Answer created = api.send("POST", "/v1/admin/streams", "application/json", body.toString());
            assertEquals(201, created.status(), created.body()::toString);
            assertTrue(created.body().path("secret_set").asBoolean());
            assertTrue(!created.body().toString().contains(token), "the token is never shown");
            String id = created.body().path("id").asText();

            StreamFixtures.ingest(api, StreamFixtures.events(run, 50));
            StreamFixtures.await(Duration.ofSeconds(60), "50 events at HEC", () -> hec.events().size() >= 50 ? true : null);
            long ackDue = hec.firstReceivedNanos() + ACK_DELAY.toNanos();
            int checks = 0;
            while (System.nanoTime() < ackDue - Duration.ofMillis(800).toNanos()) {
                JsonNode status = StreamFixtures.status(api, id);
                assertEquals(0, status.path("delivered").asLong(), "delivered before the ack: " + status);
                checks++;
                Thread.sleep(200);
            }
            assertTrue(checks > 0, "the cursor was looked at before the ack was due");
            JsonNode after = StreamFixtures.await(Duration.ofSeconds(30), "delivered once acknowledged", () -> {
                JsonNode s = StreamFixtures.status(api, id);
                return s.path("delivered").asLong() == 50 ? s : null;
            });
            assertTrue(hec.ackPolls() > 1, "the ack was polled until true");
            assertEquals(0, hec.unauthorized());

            List<JsonNode> events = hec.events();
            assertEquals(50, events.size(), "each event once");
            for (int i = 0; i < 50; i++) {
                JsonNode e = events.get(i);
                assertEquals(run + "-" + i, e.path("event").path("event").path("id").asText(), "in order, ECS as stored");
                assertEquals(run + "-" + i, e.path("fields").path("event_id").asText());
                assertEquals("audit", e.path("index").asText());
                assertTrue(e.path("time").isNumber(), e::toString);
            }
            assertTrue(after.path("last_success").isTextual(), after::toString);
        }
    }
}
