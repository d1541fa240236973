package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.LogCapture;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Bearer JWTs signed with the configured HMAC secret: roles and tenant come from their claims. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtAuthenticationTest implements TestPropertyProvider {

    static final String SECRET = "jwt-test-hmac-secret-of-more-than-256-bits-" + UUID.randomUUID();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        LogCapture.start();
        Map<String, String> p = new HashMap<>(TestElasticsearch.properties());
        p.put("micronaut.security.token.jwt.signatures.secret.generator.secret", SECRET);
        p.put("audit.security.tenant-claim", "org");
        return p;
    }

    static String jwt(String secret, String subject, List<String> roles, String tenant, Instant expires) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).claim("roles", roles)
                .issueTime(new Date()).expirationTime(Date.from(expires));
        if (tenant != null) {
            claims.claim("org", tenant);
        }
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        String serialized = token.serialize();
        synchronized (Keys.CREATED) {
            Keys.CREATED.add(serialized);
        }
        return serialized;
    }

    @Test
    void tokenRolesAndTenantClaimDecideWhatTheCallerMayDo() {
        String tenant = "jwt-tenant-" + RUN;
        String other = "jwt-other-" + RUN;
        Instant in1h = Instant.now().plusSeconds(3600);
        CallerHttp writer = CallerHttp.bearer(server.getURI(), jwt(SECRET, "writer-" + RUN, List.of("ingest"), tenant, in1h));
        CallerHttp reader = CallerHttp.bearer(server.getURI(), jwt(SECRET, "reader-" + RUN, List.of("read"), tenant, in1h));
        String event = "{\"@timestamp\":\"" + Instant.now() + "\",\"event\":{\"id\":\"jwt-1-" + RUN + "\",\"action\":\"jwt.test\"},\"tags\":[\"jwt-" + RUN + "\"]}";
        assertEquals(201, writer.postJson("/v1/events", event).status());
        assertEquals(403, writer.postJson("/v1/events", event.replace("\"tags\"", "\"organization\":{\"id\":\"" + other + "\"},\"tags\"")).status());
        assertEquals(403, writer.get("/v1/events", "tag", "jwt-" + RUN).status());
        assertEquals(201, CallerHttp.admin(server.getURI()).postJson("/v1/events", event.replace("jwt-1-", "jwt-2-")
                .replace("\"tags\"", "\"organization\":{\"id\":\"" + other + "\"},\"tags\"")).status());
        ElasticsearchHttp.refresh();

        CallerHttp.Response page = reader.get("/v1/events", "tag", "jwt-" + RUN);
        assertEquals(200, page.status(), page::toString);
        assertEquals(1, page.json().path("total").path("value").asLong(), page::toString);
        JsonNode only = page.json().path("events").get(0);
        assertEquals(tenant, only.path("organization").path("id").asText(), page::toString);
        assertEquals(403, reader.get("/v1/admin/keys").status());
    }

    @Test
    void tokensWithAWrongSignatureOrExpiredAre401() {
        Instant in1h = Instant.now().plusSeconds(3600);
        String wrongSecret = jwt("another-secret-of-more-than-256-bits-" + UUID.randomUUID(), "x", List.of("admin"), null, in1h);
        assertEquals(401, CallerHttp.bearer(server.getURI(), wrongSecret).get("/v1/events").status());
        String expired = jwt(SECRET, "x", List.of("admin"), null, Instant.now().minusSeconds(60));
        assertEquals(401, CallerHttp.bearer(server.getURI(), expired).get("/v1/events").status());
        String admin = jwt(SECRET, "jwt-admin-" + RUN, List.of("admin"), null, in1h);
        assertEquals(200, CallerHttp.bearer(server.getURI(), admin).get("/v1/admin/keys").status());
        assertTrue(CallerHttp.bearer(server.getURI(), "garbage").get("/v1/events").status() == 401);
    }
}
