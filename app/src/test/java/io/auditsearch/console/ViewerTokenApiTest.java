package io.auditsearch.console;

import static io.auditsearch.console.ConsoleFixtures.SERVICE;
import static io.auditsearch.console.ConsoleFixtures.TENANT_A;
import static io.auditsearch.console.ConsoleFixtures.TENANT_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Viewer tokens at the HTTP level: who may mint them, that they read only their tenant through their fixed filters
 * whatever the request says, that they reach nothing but search and aggregate, that a bad, foreign or expired one
 * is a 401, and that the embed page answers with the token's frame-ancestors.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerTokenApiTest implements TestPropertyProvider {

    static final String TOKEN_KEY = "console-test-viewer-token-key-0123456789abcdef";
    static final String JWT_SECRET = "console-test-jwt-hmac-secret-of-more-than-256-bits-0123456789";

    @Inject
    EmbeddedServer server;
    @Inject
    ViewerTokenKey key;

    private CallerHttp admin;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestElasticsearch.properties());
        p.put("audit.console.viewer-token-key", TOKEN_KEY);
        p.put("micronaut.security.token.jwt.signatures.secret.generator.secret", JWT_SECRET);
        return p;
    }

    @BeforeAll
    void load() {
        admin = CallerHttp.admin(server.getURI());
        ConsoleFixtures.load(server.getURI());
    }

    private JsonNode mint(String body) {
        CallerHttp.Response r = admin.postJson("/v1/admin/viewer-tokens", body);
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    private CallerHttp viewer(String token) {
        return CallerHttp.authorization(server.getURI(), "Viewer " + token);
    }

    @Test
    void onlyAnAdminMintsAndATenantIsRequired() {
        String readKey = admin.postJson("/v1/admin/keys", "{\"name\":\"console-read\",\"roles\":[\"read\"]}").json().path("key").asText();
        CallerHttp reader = CallerHttp.apiKey(server.getURI(), readKey);
        assertEquals(403, reader.postJson("/v1/admin/viewer-tokens", "{\"tenant\":\"" + TENANT_A + "\"}").status());
        CallerHttp.Response noTenant = admin.postJson("/v1/admin/viewer-tokens", "{}");
        assertEquals(400, noTenant.status(), noTenant::toString);
        assertTrue(noTenant.body().contains("tenant"), noTenant::toString);
        assertEquals(400, admin.postJson("/v1/admin/viewer-tokens", "{\"tenant\":\"a\",\"expires_in\":90000}").status());
        assertEquals(400, admin.postJson("/v1/admin/viewer-tokens", "{\"tenant\":\"a\",\"filters\":{\"q\":\"x\"}}").status());
        assertEquals(400, admin.postJson("/v1/admin/viewer-tokens",
                "{\"tenant\":\"a\",\"allowed_origins\":[\"https://a.example; script-src *\"]}").status());
        assertEquals(400, admin.postJson("/v1/admin/viewer-tokens", "{\"tenant\":\"a\",\"filters\":{\"user\":\"*x\"}}").status());
    }

    @Test
    void aTenantBoundAdminMintsForItsOwnTenantOnly() throws Exception {
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("tenant-a-admin").claim("roles", List.of("admin"))
                .claim("tenant", TENANT_A).expirationTime(java.util.Date.from(Instant.now().plusSeconds(600))).build();
        var jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), claims);
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(JWT_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        CallerHttp tenantAdmin = CallerHttp.bearer(server.getURI(), jwt.serialize());
        CallerHttp.Response other = tenantAdmin.postJson("/v1/admin/viewer-tokens", "{\"tenant\":\"" + TENANT_B + "\"}");
        assertEquals(403, other.status(), other::toString);
        assertTrue(other.body().contains("tenant_mismatch"), other::toString);
        CallerHttp.Response own = tenantAdmin.postJson("/v1/admin/viewer-tokens", "{\"filters\":{\"service\":\"" + SERVICE + "\"}}");
        assertEquals(201, own.status(), own::toString);
        assertEquals(TENANT_A, own.json().path("tenant").asText());
        // the token reads tenant A even when asked for B's user
        CallerHttp viewer = viewer(own.json().path("token").asText());
        assertEquals(0, viewer.get("/v1/events", "service", SERVICE, "user", ConsoleFixtures.B_USER).json().path("total").path("value").asInt());
        assertEquals(ConsoleFixtures.A_EVENTS, viewer.get("/v1/events", "service", SERVICE).json().path("total").path("value").asInt());
    }

    @Test
    void aViewerReadsOnlyItsTenantThroughItsFixedFilters() {
        JsonNode minted = mint("{\"tenant\":\"" + TENANT_A + "\",\"filters\":{\"service\":\"" + SERVICE + "\",\"user\":[\"alice\",\"carol\"]}}");
        CallerHttp viewer = viewer(minted.path("token").asText());
        JsonNode page = viewer.get("/v1/events", "service", SERVICE, "user", "alice", "user", "carol", "size", "1000").json();
        assertEquals(ConsoleFixtures.countOf("alice", "carol"), page.path("total").path("value").asInt(), page.path("total")::toString);
        for (JsonNode e : page.path("events")) {
            assertEquals(TENANT_A, e.path("organization").path("id").asText());
            assertTrue(List.of("alice", "carol").contains(e.path("user").path("name").asText()), e::toString);
        }
        // asking for another tenant, or for the other tenant's user by text, finds nothing
        assertEquals(0, viewer.get("/v1/events", "service", SERVICE, "user", "alice", "user", "carol", "tenant", TENANT_B)
                .json().path("total").path("value").asInt());
        assertEquals(0, viewer.get("/v1/events", "service", SERVICE, "user", "alice", "user", "carol", "q", ConsoleFixtures.B_USER)
                .json().path("total").path("value").asInt());
        // a narrower request is fine; a wider or different one is refused
        assertEquals(200, viewer.get("/v1/events", "service", SERVICE, "user", "alice", "user", "carol", "action", "role.assign").status());
        assertEquals(403, viewer.get("/v1/events", "service", SERVICE).status());
        assertEquals(403, viewer.get("/v1/events", "service", SERVICE, "user", "alice").status());
        assertEquals(403, viewer.get("/v1/events", "service", SERVICE, "user", "alice", "user", "carol", "user", "dave").status());
        assertEquals(403, viewer.get("/v1/events", "service", "other", "user", "alice", "user", "carol").status());
        JsonNode agg = viewer.get("/v1/events/_aggregate", "service", SERVICE, "user", "alice", "user", "carol", "facet", "tenant", "facet", "user").json();
        assertEquals(ConsoleFixtures.countOf("alice", "carol"), agg.path("total").path("value").asInt(), agg::toString);
        assertEquals(1, agg.path("facets").path("tenant").path("values").size(), agg::toString);
    }

    @Test
    void aViewerFollowsCursorsOnlyWithItsFilters() {
        CallerHttp viewer = viewer(mint("{\"tenant\":\"" + TENANT_A + "\",\"filters\":{\"service\":\"" + SERVICE + "\"}}").path("token").asText());
        JsonNode first = viewer.get("/v1/events", "service", SERVICE, "size", "500").json();
        String cursor = first.path("next_cursor").asText();
        assertFalse(cursor.isEmpty(), first.path("total")::toString);
        CallerHttp.Response next = viewer.get("/v1/events", "service", SERVICE, "size", "500", "cursor", cursor);
        assertEquals(200, next.status(), next::toString);
        assertEquals(500, next.json().path("events").size());
        assertEquals(403, viewer.get("/v1/events", "cursor", cursor).status(), "a cursor alone leaves out the fixed filter");
        // an admin's cursor of a wider search of the same tenant cannot be followed with the fixed filters
        String wider = admin.get("/v1/events", "tenant", TENANT_A, "size", "10").json().path("next_cursor").asText();
        assertEquals(400, viewer.get("/v1/events", "service", SERVICE, "cursor", wider).status());
    }

    @Test
    void aViewerReachesNothingButSearchAndAggregate() {
        JsonNode minted = mint("{\"tenant\":\"" + TENANT_A + "\",\"filters\":{\"service\":\"" + SERVICE + "\"}}");
        CallerHttp viewer = viewer(minted.path("token").asText());
        assertEquals(403, viewer.get("/v1/events/c-" + ConsoleFixtures.RUN + "-1").status());
        assertEquals(403, viewer.get("/v1/events/_export", "service", SERVICE).status());
        assertEquals(403, viewer.postJson("/v1/events/_search", "{\"service\":\"" + SERVICE + "\"}").status());
        assertEquals(403, viewer.postJson("/v1/events", "{\"event\":{\"action\":\"x\"}}").status());
        assertEquals(403, viewer.get("/v1/admin/keys").status());
        assertEquals(403, viewer.get("/health").status());
        JsonNode me = viewer.get("/console/api/me").json();
        assertEquals(TENANT_A, me.path("tenant").asText(), me::toString);
        assertEquals(SERVICE, me.path("viewer").path("filters").path("service").get(0).asText(), me::toString);
    }

    @Test
    void badForeignAndExpiredTokensAre401() {
        String token = mint("{\"tenant\":\"" + TENANT_A + "\"}").path("token").asText();
        ViewerGrant grant = new ViewerGrant("expired-" + ConsoleFixtures.RUN, TENANT_A, Map.of(), List.of("https://portal.example"),
                Instant.now().minusSeconds(5), "test");
        String expired = new ViewerTokens(key, Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC)).sign(grant);
        for (String bad : List.of("garbage", token.substring(0, token.length() - 2) + "xx", expired)) {
            assertEquals(401, viewer(bad).get("/v1/events").status(), bad);
        }
        assertEquals(401, CallerHttp.bearer(server.getURI(), token).get("/v1/events").status(), "a viewer token is no bearer token");
        CallerHttp anonymous = CallerHttp.anonymous(server.getURI());
        CallerHttp.Response expiredPage = anonymous.get("/console/embed", "token", expired);
        assertEquals(401, expiredPage.status());
        assertTrue(expiredPage.body().contains("expired"), expiredPage::toString);
        assertTrue(expiredPage.header("Content-Security-Policy").orElseThrow().endsWith("frame-ancestors 'self' https://portal.example"));
        CallerHttp.Response badPage = anonymous.get("/console/embed", "token", "garbage");
        assertEquals(401, badPage.status());
        assertTrue(badPage.body().contains("not valid"), badPage::toString);
    }

    @Test
    void theEmbedPageIsFramedOnlyByTheTokensOrigins() {
        JsonNode minted = mint("{\"tenant\":\"" + TENANT_A + "\",\"allowed_origins\":[\"https://portal.example.com\",\"http://localhost:9999/\"]}");
        CallerHttp.Response page = CallerHttp.anonymous(server.getURI()).get(minted.path("embed_path").asText());
        assertEquals(200, page.status(), page::toString);
        String csp = page.header("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'"), csp);
        assertTrue(csp.endsWith("frame-ancestors 'self' https://portal.example.com http://localhost:9999"), csp);
        assertTrue(page.header("X-Frame-Options").isEmpty());
        assertEquals("no-referrer", page.header("Referrer-Policy").orElseThrow());
    }

    @Test
    void theConsoleIsPublicButItsDataIsNot() {
        CallerHttp anonymous = CallerHttp.anonymous(server.getURI());
        CallerHttp.Response index = anonymous.get("/console");
        assertEquals(200, index.status(), index::toString);
        assertTrue(index.body().contains("<div id=\"app\">"), index::toString);
        assertFalse(index.body().matches("(?s).*<script>.*|.*<style.*|.*\\sstyle=.*"), "no inline script or style");
        assertEquals("nosniff", index.header("X-Content-Type-Options").orElseThrow());
        assertTrue(index.header("Content-Security-Policy").orElseThrow().contains("frame-ancestors 'none'"));
        assertEquals("DENY", index.header("X-Frame-Options").orElseThrow());
        String script = index.body().replaceAll("(?s).*src=\"(/console/assets/[^\"]+\\.js)\".*", "$1");
        CallerHttp.Response js = anonymous.get(script);
        assertEquals(200, js.status(), script);
        assertTrue(js.header("Cache-Control").orElseThrow().contains("immutable"));
        assertEquals(200, anonymous.get("/console/admin/keys").status());
        assertEquals(401, anonymous.get("/console/api/me").status());
        int traversal = anonymous.get("/console/assets/..%2F..%2Fapplication.yml").status();
        assertTrue(traversal == 401 || traversal == 404, "a path out of the assets is refused, got " + traversal);
        assertEquals(401, anonymous.get("/console/other").status());
    }

    @Test
    void mintingAndViewerReadsAreAudited() throws InterruptedException {
        JsonNode minted = mint("{\"tenant\":\"" + TENANT_A + "\",\"filters\":{\"service\":\"" + SERVICE + "\"}}");
        String id = minted.path("id").asText();
        assertEquals(200, viewer(minted.path("token").asText()).get("/v1/events", "service", SERVICE, "size", "3").status());
        Instant deadline = Instant.now().plusSeconds(30);
        long reads = 0;
        long mints = 0;
        while (Instant.now().isBefore(deadline) && (reads == 0 || mints == 0)) {
            Thread.sleep(500);
            ElasticsearchHttp.refresh();
            reads = admin.get("/v1/events", "service", "audit-search", "action", "audit.search", "user", "viewer:" + id)
                    .json().path("total").path("value").asLong();
            mints = admin.get("/v1/events", "action", "console.viewer_token.create", "resource_id", id)
                    .json().path("total").path("value").asLong();
        }
        assertEquals(1, reads, "the viewer's search is a read-audit event naming viewer:" + id);
        assertEquals(1, mints, "the minting is an event");
        String stored = admin.get("/v1/events", "action", "console.viewer_token.create", "resource_id", id).body();
        assertFalse(stored.contains(minted.path("token").asText()), "the token itself is not in the audit log");
    }
}
