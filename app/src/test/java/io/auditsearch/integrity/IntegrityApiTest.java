package io.auditsearch.integrity;

import static io.auditsearch.integrity.IntegrityFixtures.awaitProof;
import static io.auditsearch.integrity.IntegrityFixtures.check;
import static io.auditsearch.integrity.IntegrityFixtures.event;
import static io.auditsearch.integrity.IntegrityFixtures.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.TestElasticsearch;
import io.auditsearch.verify.checkpoint.Checkpoint;
import io.auditsearch.verify.checkpoint.ConsistencyStep;
import io.auditsearch.verify.checkpoint.SignedCheckpoint;
import io.auditsearch.verify.note.NoteVerifier;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Events of two tenants posted through the API end up in their tenants' logs; each event's proof,
 * served by the API, checks with the verify library against the served verifier key; a later
 * checkpoint is consistent with an earlier one; a tenant-bound key sees only its tenant's logs.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IntegrityApiTest implements TestPropertyProvider {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String A = "integrity-a-" + RUN;
    private static final String B = "integrity-b-" + RUN;

    @Inject
    EmbeddedServer server;

    private CallerHttp admin;
    private CallerHttp tenantA;
    private CallerHttp tenantB;
    private NoteVerifier verifier;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestElasticsearch.properties());
        p.put("audit.integrity.checkpoint-interval", "300ms");
        return p;
    }

    @BeforeAll
    void keys() throws Exception {
        admin = CallerHttp.admin(server.getURI());
        tenantA = CallerHttp.apiKey(server.getURI(), key(server.getURI(), A, A, "ingest", "read"));
        tenantB = CallerHttp.apiKey(server.getURI(), key(server.getURI(), B, B, "ingest", "read"));
        verifier = IntegrityFixtures.verifier(admin);
    }

    @Test
    void eventsOfTwoTenantsGetProofsThatVerify() throws Exception {
        Map<String, CallerHttp> posted = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            String a = "ia-" + i + "-" + RUN;
            assertEquals(201, tenantA.postJson("/v1/events", event(a, "doc.read", null)).status());
            posted.put(a, tenantA);
        }
        String b = "ib-0-" + RUN;
        assertEquals(201, tenantB.postJson("/v1/events", event(b, "doc.write", null)).status());
        posted.put(b, tenantB);
        String bulk = event("ib-1-" + RUN, "doc.write", null) + "\n" + event("ib-2-" + RUN, "doc.write", null) + "\n";
        assertEquals(200, tenantB.post("/v1/events/_bulk", "application/x-ndjson", bulk).status());
        posted.put("ib-1-" + RUN, tenantB);
        posted.put("ib-2-" + RUN, tenantB);

        for (Map.Entry<String, CallerHttp> e : posted.entrySet()) {
            JsonNode proof = awaitProof(e.getValue(), e.getKey());
            check(proof, verifier);
            assertEquals(e.getKey(), proof.path("event").path("event").path("id").asText());
            String tenant = e.getValue() == tenantA ? A : B;
            assertTrue(proof.path("log").asText().endsWith("/" + tenant), proof.toString());
            assertTrue(proof.path("matches_checkpoint").asBoolean());
            assertTrue(proof.toString().length() < 4096);
        }
    }

    @Test
    void aLaterCheckpointIsConsistentWithAnEarlierOne() throws Exception {
        String first = "ic-0-" + RUN;
        assertEquals(201, tenantA.postJson("/v1/events", event(first, "doc.read", null)).status());
        JsonNode proof = awaitProof(tenantA, first);
        String log = proof.path("log").asText();
        Checkpoint earlier = SignedCheckpoint.open(proof.path("checkpoint").asText(), verifier, log).checkpoint();
        for (int i = 1; i <= 300; i += 100) {
            StringBuilder bulk = new StringBuilder();
            for (int k = i; k < i + 100; k++) {
                bulk.append(event("ic-" + k + "-" + RUN, "doc.read", null)).append('\n');
            }
            assertEquals(200, tenantA.post("/v1/events/_bulk", "application/x-ndjson", bulk.toString()).status());
        }
        awaitProof(tenantA, "ic-300-" + RUN);
        CallerHttp.Response step = tenantA.get("/v1/integrity/consistency", "log", log, "from", Long.toString(earlier.size()));
        assertEquals(200, step.status(), step::toString);
        Checkpoint later = ConsistencyStep.parse(step.body()).verifyAfter(earlier, verifier).checkpoint();
        assertTrue(later.size() >= earlier.size() + 300, later::toString);

        // a step claiming a different old tree does not verify
        Checkpoint forged = new Checkpoint(log, earlier.size(), new byte[32]);
        assertThrowsCheckpoint(() -> ConsistencyStep.parse(step.body()).verifyAfter(forged, verifier));

        CallerHttp.Response tile = tenantA.get("/v1/integrity/tile/" + log + "/tile/0/000");
        assertEquals(200, tile.status(), tile::toString);
        CallerHttp.Response note = tenantA.get("/v1/integrity/checkpoint", "log", log);
        assertEquals(200, note.status());
        assertTrue(note.header("Content-Type").orElse("").startsWith("text/plain"));
        SignedCheckpoint.open(note.body(), verifier, log);
    }

    @Test
    void aTenantKeySeesOnlyItsTenantsLogs() {
        String b = "id-b-" + RUN;
        assertEquals(201, tenantB.postJson("/v1/events", event(b, "doc.read", null)).status());
        JsonNode proof = awaitProof(tenantB, b);
        String bLog = proof.path("log").asText();
        String a = "id-a-" + RUN;
        assertEquals(201, tenantA.postJson("/v1/events", event(a, "doc.read", null)).status());
        awaitProof(tenantA, a);

        JsonNode logs = tenantA.get("/v1/integrity/logs").json().path("logs");
        assertFalse(logs.isEmpty());
        logs.forEach(l -> assertTrue(l.path("log").asText().endsWith("/" + A), l::toString));
        boolean adminSeesB = false;
        for (JsonNode l : admin.get("/v1/integrity/logs").json().path("logs")) {
            adminSeesB |= l.path("log").asText().equals(bLog);
        }
        assertTrue(adminSeesB);

        assertEquals(404, tenantA.get("/v1/events/" + b + "/proof").status());
        assertEquals(404, tenantA.get("/v1/integrity/checkpoint", "log", bLog).status());
        assertEquals(404, tenantA.get("/v1/integrity/consistency", "log", bLog, "from", "0").status());
        assertEquals(404, tenantA.get("/v1/integrity/tile/" + bLog + "/tile/0/000.p/1").status());
        assertEquals(401, CallerHttp.anonymous(server.getURI()).get("/v1/integrity/logs").status());
        String ingestOnly = key(server.getURI(), "ingest-" + RUN, null, "ingest");
        assertEquals(403, CallerHttp.apiKey(server.getURI(), ingestOnly).get("/v1/integrity/logs").status());
    }

    @Test
    void healthShowsTheLogs() {
        String id = "ih-" + RUN;
        assertEquals(201, admin.postJson("/v1/events", event(id, "doc.read", null)).status());
        awaitProof(admin, id);
        JsonNode integrity = admin.get("/health").json().path("details").path("integrity").path("details");
        assertTrue(integrity.path("logs").size() >= 1, integrity::toString);
        assertTrue(integrity.has("pending"), integrity::toString);
    }

    private static void assertThrowsCheckpoint(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(io.auditsearch.verify.checkpoint.CheckpointException.class, e);
    }

}
