package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.LogCapture;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every endpoint family needs credentials, and the right role: checked through real HTTP, per role. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationAndRolesTest implements TestPropertyProvider {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** One request per endpoint family: method, path, content type, body. */
    private static final List<String[]> READS = List.of(
            new String[] {"GET", "/v1/events?service=none-" + RUN, null, null},
            new String[] {"POST", "/v1/events/_search", "application/json", "{\"service\":\"none\"}"},
            new String[] {"GET", "/v1/events/some-id-" + RUN, null, null},
            new String[] {"GET", "/v1/events/_aggregate?service=none", null, null},
            new String[] {"POST", "/v1/events/_aggregate", "application/json", "{\"service\":\"none\"}"},
            new String[] {"GET", "/v1/events/_export?service=none", null, null});
    private static final List<String[]> WRITES = List.of(
            new String[] {"POST", "/v1/events", "application/json", event("w1")},
            new String[] {"POST", "/v1/events/_bulk", "application/x-ndjson", event("w2") + "\n"});
    private static final List<String[]> ADMIN = List.of(
            new String[] {"GET", "/v1/admin/keys", null, null},
            new String[] {"POST", "/v1/admin/keys", "application/json", "{\"name\":\"x\",\"roles\":[\"read\"]}"},
            new String[] {"DELETE", "/v1/admin/keys/0123456789abcdef", null, null});

    @Inject
    EmbeddedServer server;

    private URI uri;
    private String ingestKey;
    private String readKey;

    @Override
    public Map<String, String> getProperties() {
        LogCapture.start();
        return TestElasticsearch.properties();
    }

    @BeforeAll
    void keys() {
        uri = server.getURI();
        ingestKey = Keys.key(uri, "roles-ingest-" + RUN, null, "ingest");
        readKey = Keys.key(uri, "roles-read-" + RUN, null, "read");
    }

    private static String event(String id) {
        return "{\"@timestamp\":\"" + Instant.now() + "\",\"event\":{\"id\":\"roles-" + id + "-" + RUN
                + "\",\"action\":\"test.write\"},\"service\":{\"name\":\"roles-test-" + RUN + "\"}}";
    }

    private static CallerHttp.Response call(CallerHttp caller, String[] request) {
        return caller.send(request[0], request[1], request[2], request[3]);
    }

    @Test
    void everyEndpointFamilyAnswers401ProblemWithoutCredentials() {
        CallerHttp nobody = CallerHttp.anonymous(uri);
        for (List<String[]> family : List.of(READS, WRITES, ADMIN, List.<String[]>of(new String[] {"GET", "/openapi", null, null}))) {
            for (String[] request : family) {
                CallerHttp.Response r = call(nobody, request);
                assertEquals(401, r.status(), request[0] + " " + request[1] + ": " + r);
                assertTrue(r.header("Content-Type").orElse("").startsWith("application/problem+json"), r::toString);
                assertTrue(r.header("WWW-Authenticate").orElse("").contains("ApiKey"), r::toString);
            }
        }
    }

    @Test
    void unknownKeysAndForgedTokensAre401() {
        String forged = "ask_0123456789abcdef" + "A".repeat(43);
        for (CallerHttp caller : List.of(CallerHttp.apiKey(uri, forged), CallerHttp.apiKey(uri, "not-a-key"),
                CallerHttp.apiKey(uri, readKey.substring(0, readKey.length() - 1) + (readKey.endsWith("A") ? "B" : "A")),
                CallerHttp.bearer(uri, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"))) {
            assertEquals(401, caller.get("/v1/events", "service", "x").status());
        }
    }

    @Test
    void healthAnswersProbesWithoutCredentialsButHidesDetails() {
        CallerHttp.Response anonymous = CallerHttp.anonymous(uri).get("/health");
        assertEquals(200, anonymous.status(), anonymous::toString);
        assertEquals("UP", anonymous.json().path("status").asText());
        assertTrue(anonymous.json().path("details").isMissingNode(), anonymous::toString);
        assertEquals(200, CallerHttp.anonymous(uri).get("/health/liveness").status());
        assertEquals(200, CallerHttp.anonymous(uri).get("/health/readiness").status());
        CallerHttp.Response admin = CallerHttp.admin(uri).get("/health");
        assertFalse(admin.json().path("details").isMissingNode(), admin::toString);
    }

    @Test
    void ingestKeyCannotReadOrManage() {
        CallerHttp ingest = CallerHttp.apiKey(uri, ingestKey);
        for (List<String[]> family : List.of(READS, ADMIN)) {
            for (String[] request : family) {
                CallerHttp.Response r = call(ingest, request);
                assertEquals(403, r.status(), request[0] + " " + request[1] + ": " + r);
                assertTrue(r.header("Content-Type").orElse("").startsWith("application/problem+json"), r::toString);
            }
        }
        for (String[] request : WRITES) {
            CallerHttp.Response r = call(ingest, request);
            assertTrue(r.status() == 201 || r.status() == 200, request[1] + ": " + r);
        }
    }

    @Test
    void readKeyCannotWriteOrManage() {
        CallerHttp read = CallerHttp.apiKey(uri, readKey);
        for (List<String[]> family : List.of(WRITES, ADMIN)) {
            for (String[] request : family) {
                assertEquals(403, call(read, request).status(), request[0] + " " + request[1]);
            }
        }
        for (String[] request : READS) {
            CallerHttp.Response r = call(read, request);
            int expected = request[1].contains("some-id") ? 404 : 200;
            assertEquals(expected, r.status(), request[0] + " " + request[1] + ": " + r);
        }
        assertEquals(200, read.get("/openapi").status());
    }

    @Test
    void createdKeyIsShownOnceAndListedWithoutSecretOrHash() {
        JsonNode created = Keys.create(uri, "listed-" + RUN, "tenant-x-" + RUN, "read");
        String key = created.path("key").asText();
        assertTrue(key.startsWith("ask_"), created::toString);
        CallerHttp.Response list = CallerHttp.admin(uri).get("/v1/admin/keys");
        assertEquals(200, list.status());
        assertFalse(list.body().contains(key), "the list holds a key");
        assertFalse(list.body().contains("sha256"), "the list holds a hash");
        JsonNode listed = null;
        for (JsonNode k : list.json().path("keys")) {
            if (k.path("id").asText().equals(created.path("id").asText())) {
                listed = k;
            }
        }
        assertTrue(listed != null, list::toString);
        assertEquals("tenant-x-" + RUN, listed.path("tenant").asText());
        assertEquals("read", listed.path("roles").get(0).asText());
        assertEquals("test-admin", listed.path("created_by").asText());
        // the stored document holds the hash only
        String stored = ElasticsearchHttp.get("/audit-search-api-keys/_doc/" + created.path("id").asText()).toString();
        assertFalse(stored.contains(key), stored);
    }

    @Test
    void invalidKeyRequestsAre400() {
        CallerHttp admin = CallerHttp.admin(uri);
        assertEquals(400, admin.postJson("/v1/admin/keys", "{\"name\":\"x\",\"roles\":[\"root\"]}").status());
        assertEquals(400, admin.postJson("/v1/admin/keys", "{\"name\":\"x\",\"roles\":[]}").status());
        assertEquals(400, admin.postJson("/v1/admin/keys", "{\"name\":\"x\",\"roles\":[\"admin\"],\"tenant\":\"t\"}").status());
        assertEquals(404, admin.delete("/v1/admin/keys/ffffffffffffffff").status());
    }

    @Test
    void revokedKeyStopsWorkingAtOnce() {
        JsonNode created = Keys.create(uri, "revoked-" + RUN, null, "read");
        CallerHttp holder = CallerHttp.apiKey(uri, created.path("key").asText());
        assertEquals(200, holder.get("/v1/events", "service", "none-" + RUN).status()); // now cached
        CallerHttp.Response revoked = CallerHttp.admin(uri).delete("/v1/admin/keys/" + created.path("id").asText());
        assertEquals(200, revoked.status(), revoked::toString);
        assertFalse(revoked.json().path("revoked_at").asText().isEmpty(), revoked::toString);
        assertEquals(401, holder.get("/v1/events", "service", "none-" + RUN).status());
    }
}
