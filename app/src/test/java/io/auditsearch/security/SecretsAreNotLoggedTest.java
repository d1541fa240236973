package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.LogCapture;
import io.auditsearch.support.TestCredentials;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Keys and tokens never reach the log, at any level: the log of this JVM (DEBUG for the service and
 * micronaut-security) is scanned for every key and JWT the security tests made or used.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsAreNotLoggedTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        LogCapture.start();
        return TestElasticsearch.properties();
    }

    @Test
    void noKeyOrTokenAppearsInTheLogs() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = Keys.create(server.getURI(), "logged-" + run, null, "ingest");
        String key = created.path("key").asText();
        CallerHttp holder = CallerHttp.apiKey(server.getURI(), key);
        String event = "{\"@timestamp\":\"" + Instant.now() + "\",\"event\":{\"id\":\"logged-" + run + "\",\"action\":\"x.y\"}}";
        assertEquals(201, holder.postJson("/v1/events", event).status());
        assertEquals(403, holder.get("/v1/events").status());
        String wrong = key.substring(0, key.length() - 2) + "zz";
        assertEquals(401, CallerHttp.apiKey(server.getURI(), wrong).get("/v1/events").status());
        assertEquals(200, CallerHttp.admin(server.getURI()).delete("/v1/admin/keys/" + created.path("id").asText()).status());
        assertEquals(401, holder.postJson("/v1/events", event).status());
        String jwt = JwtAuthenticationTest.jwt("unknown-secret-of-more-than-256-bits-" + run, "someone", List.of("admin"), null,
                Instant.now().plusSeconds(60));
        assertEquals(401, CallerHttp.bearer(server.getURI(), jwt).get("/v1/events").status());

        assertFalse(LogCapture.containing("io.micronaut.security").isEmpty(), "micronaut-security's DEBUG lines were not captured");
        List<String> secrets = new ArrayList<>(Keys.CREATED);
        secrets.addAll(List.of(key, wrong, jwt, TestCredentials.ADMIN_KEY, JwtAuthenticationTest.SECRET));
        LogCapture.assertNoneContain(secrets);
    }
}
