package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A caller over its rate gets a 429 problem with Retry-After; another caller is not affected. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestElasticsearch.properties());
        p.put("audit.security.rate-limit.enabled", "true");
        p.put("audit.security.rate-limit.requests-per-second", "0.2");
        p.put("audit.security.rate-limit.burst", "3");
        return p;
    }

    @Test
    void callerOverItsRateGets429WithRetryAfter() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // the admin spends one of its own three tokens on creating the key
        CallerHttp limited = CallerHttp.apiKey(server.getURI(), Keys.key(server.getURI(), "limited-" + run, null, "read"));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, limited.get("/v1/events", "service", "none-" + run).status());
        }
        CallerHttp.Response refused = limited.get("/v1/events", "service", "none-" + run);
        assertEquals(429, refused.status(), refused::toString);
        assertTrue(refused.header("Content-Type").orElse("").startsWith("application/problem+json"), refused::toString);
        int retryAfter = Integer.parseInt(refused.header("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter);
        // another caller has its own bucket
        assertEquals(200, CallerHttp.admin(server.getURI()).get("/v1/admin/keys").status());
        // health probes are anonymous and never limited
        assertEquals(200, CallerHttp.anonymous(server.getURI()).get("/health").status());
    }
}
