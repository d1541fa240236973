package io.auditsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.TestElasticsearch;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The stream admin API and the webhook stream through the real service, a real Elasticsearch and
 * a real receiver on loopback that verifies every Standard Webhooks signature.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StreamApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private RunningService service;
    private ServiceHttp api;

    @BeforeAll
    void start() {
        service = RunningService.start(TestElasticsearch.url(), StreamFixtures.FAST);
        api = service.http();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static String run() {
        return "s" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aCreatedWebhookReceivesEveryMatchingEventInOrderSignedWithBothRotationSecrets() throws Exception {
        String run = run();
        String oldSecret = StreamFixtures.secret();
        String newSecret = StreamFixtures.secret();
        try (WebhookReceiver receiver = new WebhookReceiver(newSecret, oldSecret)) {
            ServiceHttp.Answer created = StreamFixtures.createWebhook(api, receiver.url(), List.of(newSecret, oldSecret), run);
            assertEquals(201, created.status(), created.body()::toString);
            assertTrue(created.body().path("secret_set").asBoolean(), created.body()::toString);
            assertFalse(created.body().toString().contains(newSecret.substring(6, 20)), "no secret in the answer");
            String id = created.body().path("id").asText();

            StreamFixtures.ingest(api, StreamFixtures.events(run, 300));
            StreamFixtures.ingest(api, StreamFixtures.events("other" + run, 50));
            StreamFixtures.await(WAIT, "300 events at the receiver", () -> receiver.distinctIds().size() >= 300 ? true : null);

            List<WebhookReceiver.Received> got = receiver.received();
            assertEquals(0, receiver.badSignatures(), "every request verified with both secrets");
            assertEquals(StreamFixtures.events(run, 300).stream().map(e -> e.path("event").path("id").asText()).toList(),
                    receiver.distinctIds(), "every event of the filter, in acceptance order, no other");
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i).sequence() > got.get(i - 1).sequence(), "sequences increase");
            }
            assertEquals("success", got.getFirst().event().path("event").path("outcome").asText(), "the event as stored (ECS)");

            JsonNode listed = api.get("/v1/admin/streams").body();
            assertFalse(listed.toString().contains("whsec_"), "list never shows a secret");
            JsonNode one = api.get("/v1/admin/streams/" + id).body();
            assertEquals("webhook", one.path("type").asText());
            assertTrue(one.path("secret_set").asBoolean());
            assertFalse(one.has("secrets") || one.has("secret"), one::toString);
            StreamFixtures.await(WAIT, "lag 0 and delivered 300", () -> {
                JsonNode s = StreamFixtures.status(api, id);
                return s.path("delivered").asLong() >= 300 && s.path("lag_events").asLong() == 0 ? true : null;
            });

            JsonNode health = api.get("/health").body().path("details").path("streams").path("details").path("destinations").path(id);
            assertEquals("active", health.path("state").asText(), health::toString);
            assertTrue(health.has("last_success"), health::toString);
            assertTrue(prometheus().contains("audit_stream_delivered_total{destination=\"" + id + "\"}"), "delivered metric");
            assertTrue(prometheus().contains("audit_stream_lag_events{destination=\"" + id + "\"}"), "lag metric");
        }
    }

    @Test
    void aPausedStreamSendsNothingAndResumesFromItsCursor() throws Exception {
        String run = run();
        String secret = StreamFixtures.secret();
        try (WebhookReceiver receiver = new WebhookReceiver(secret)) {
            String id = StreamFixtures.createWebhook(api, receiver.url(), List.of(secret), run).body().path("id").asText();
            ServiceHttp.Answer paused = api.send("POST", "/v1/admin/streams/" + id + "/_pause", null, null);
            assertEquals(200, paused.status(), paused.body()::toString);
            assertEquals("paused", paused.body().path("state").asText());
            StreamFixtures.ingest(api, StreamFixtures.events(run, 40));
            Thread.sleep(2000);
            assertEquals(0, receiver.received().size(), "nothing sent while paused");
            StreamFixtures.await(WAIT, "lag of 40 visible", () -> StreamFixtures.status(api, id).path("lag_events").asLong() >= 40 ? true : null);

            ServiceHttp.Answer resumed = api.send("POST", "/v1/admin/streams/" + id + "/_resume", null, null);
            assertEquals(200, resumed.status());
            assertEquals("active", resumed.body().path("state").asText());
            StreamFixtures.await(WAIT, "40 events after resume", () -> receiver.distinctIds().size() == 40 ? true : null);

            ServiceHttp.Answer test = api.send("POST", "/v1/admin/streams/" + id + "/_test", null, null);
            assertEquals(200, test.status(), test.body()::toString);
            assertTrue(test.body().path("delivered").asBoolean(), test.body()::toString);
            assertTrue(receiver.received().stream().anyMatch(r -> r.event().path("event").path("action").asText().equals("stream.test")));

            assertEquals(204, api.send("DELETE", "/v1/admin/streams/" + id, null, null).status());
            ServiceHttp.Answer gone = api.get("/v1/admin/streams/" + id);
            assertEquals(404, gone.status());
            assertEquals("not_found", gone.body().path("type").asText().replaceAll(".*:", ""), gone.body()::toString);
        }
    }

    @Test
    void anEventTheReceiverRefusesIsADeadLetterEveryOtherIsDeliveredAndTheReplayDeliversIt() throws Exception {
        String run = run();
        String secret = StreamFixtures.secret();
        try (WebhookReceiver receiver = new WebhookReceiver(secret)) {
            String refused = run + "-7";
            receiver.refuse(refused);
            String id = StreamFixtures.createWebhook(api, receiver.url(), List.of(secret), run).body().path("id").asText();
            StreamFixtures.ingest(api, StreamFixtures.events(run, 20));
            StreamFixtures.await(WAIT, "19 events delivered", () -> receiver.distinctIds().size() == 19 ? true : null);
            JsonNode letters = StreamFixtures.await(WAIT, "one dead letter", () -> {
                JsonNode l = api.get("/v1/admin/streams/" + id + "/dead-letters").body();
                return l.path("total").asLong() == 1 ? l : null;
            });
            assertEquals(refused, letters.path("dead_letters").get(0).path("id").asText(), letters::toString);
            assertEquals("the test refuses this event", letters.path("dead_letters").get(0).path("reason").asText());
            assertFalse(receiver.distinctIds().contains(refused));
            assertEquals(1, StreamFixtures.status(api, id).path("dead_lettered").asLong());

            receiver.accept(refused);
            ServiceHttp.Answer replay = api.send("POST", "/v1/admin/streams/" + id + "/dead-letters/_replay", null, null);
            assertEquals(202, replay.status(), replay.body()::toString);
            assertEquals(1, replay.body().path("queued").asLong());
            StreamFixtures.await(WAIT, "the refused event delivered by the replay", () -> receiver.distinctIds().contains(refused) ? true : null);
            StreamFixtures.await(WAIT, "dead letters empty", () ->
                    api.get("/v1/admin/streams/" + id + "/dead-letters").body().path("total").asLong() == 0 ? true : null);

            int before = receiver.received().size();
            ServiceHttp.Answer again = api.send("POST", "/v1/admin/streams/" + id + "/_replay", "application/json", "{\"from\":\"start\"}");
            assertEquals(202, again.status(), again.body()::toString);
            StreamFixtures.await(WAIT, "the replay from the start sends the 20 again", () -> receiver.received().size() >= before + 20 ? true : null);
        }
    }

    @Test
    void aStreamWhoseReceiverIsDownIsFailingKeepsItsPlaceAndShowsItsLagGrowing() throws Exception {
        String run = run();
        String secret = StreamFixtures.secret();
        try (WebhookReceiver receiver = new WebhookReceiver(secret)) {
            String id = StreamFixtures.createWebhook(api, receiver.url(), List.of(secret), run).body().path("id").asText();
            receiver.down();
            List<ObjectNode> first = StreamFixtures.events(run + "-a", 10);
            StreamFixtures.ingest(api, first);
            StreamFixtures.await(WAIT, "the stream failing", () -> "failing".equals(StreamFixtures.status(api, id).path("state").asText()) ? true : null);
            // the worker is now retrying its first batch: the events accepted meanwhile must show in its lag
            List<ObjectNode> more = StreamFixtures.events(run + "-b", 500);
            StreamFixtures.ingest(api, more);
            JsonNode failing = StreamFixtures.await(WAIT, "a lag of at least 510 while failing", () -> {
                JsonNode s = StreamFixtures.status(api, id);
                return "failing".equals(s.path("state").asText()) && s.path("lag_events").asLong() >= 510 ? s : null;
            });
            assertTrue(failing.path("last_error").asText().length() > 0, failing::toString);
            assertTrue(failing.path("retried").asLong() > 0, failing::toString);

            receiver.up();
            StreamFixtures.await(WAIT, "510 events once the receiver is back", () -> receiver.distinctIds().size() >= 510 ? true : null);
            List<String> sent = new java.util.ArrayList<>();
            first.forEach(e -> sent.add(e.path("event").path("id").asText()));
            more.forEach(e -> sent.add(e.path("event").path("id").asText()));
            assertEquals(sent, receiver.distinctIds(), "every event, in acceptance order, after the outage");
        }
    }

    @Test
    void invalidDestinationsAreRefusedNamingTheField() {
        String secret = StreamFixtures.secret();
        expect400("{\"url\":\"http://127.0.0.1:1/x\",\"secret\":\"" + secret + "\"}", "type");
        expect400("{\"type\":\"pager\",\"url\":\"http://127.0.0.1:1/x\",\"secret\":\"" + secret + "\"}", "type");
        expect400("{\"type\":\"webhook\",\"secret\":\"" + secret + "\"}", "url");
        expect400("{\"type\":\"webhook\",\"url\":\"ftp://x/y\",\"secret\":\"" + secret + "\"}", "url");
        expect400("{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:1/x\",\"secret\":\"plain\"}", "secret");
        expect400("{\"type\":\"webhook\",\"url\":\"http://127.0.0.1:1/x\",\"secret\":\"" + secret + "\",\"format\":\"cef\"}", "format");
        expect400("{\"type\":\"splunk_hec\",\"url\":\"http://127.0.0.1:1\",\"secret\":\"t\",\"options\":{\"ack\":\"maybe\"}}", "options.ack");
        expect400("{\"type\":\"splunk_hec\",\"url\":\"http://127.0.0.1:1\"}", "secret");
    }

    private void expect400(String body, String field) {
        ServiceHttp.Answer a = api.send("POST", "/v1/admin/streams", "application/json", body);
        assertEquals(400, a.status(), body + " -> " + a.body());
        assertTrue(a.body().path("detail").asText().startsWith(field + ":"), body + " -> " + a.body());
    }

    private String prometheus() {
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/prometheus"))
                    .header("Authorization", io.auditsearch.support.TestCredentials.authorization()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
