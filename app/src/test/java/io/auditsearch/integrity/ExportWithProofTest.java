package io.auditsearch.integrity;

import static io.auditsearch.integrity.IntegrityFixtures.awaitProof;
import static io.auditsearch.integrity.IntegrityFixtures.event;
import static io.auditsearch.integrity.IntegrityFixtures.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code _export?proof=true} of a tenant's log passes {@code bin/audit-verify export --full}; after
 * one event is deleted straight from Elasticsearch, the next export fails it, naming the leaf.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ExportWithProofTest implements TestPropertyProvider {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TENANT = "export-proof-" + RUN;

    @Inject
    EmbeddedServer server;

    @TempDir
    Path dir;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestElasticsearch.properties());
        p.put("audit.integrity.checkpoint-interval", "300ms");
        return p;
    }

    @Test
    void anExportWithProofsVerifiesAndADeletedEventIsNamed() throws Exception {
        CallerHttp tenant = CallerHttp.apiKey(server.getURI(), key(server.getURI(), TENANT, TENANT, "ingest", "read"));
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            bulk.append(event("ep-" + i + "-" + RUN, "doc.read", null)).append('\n');
        }
        assertEquals(200, tenant.post("/v1/events/_bulk", "application/x-ndjson", bulk.toString()).status());
        awaitProof(tenant, "ep-299-" + RUN);
        Path keyFile = dir.resolve("log.vkey");
        Files.writeString(keyFile, tenant.get("/v1/integrity/public-key").json().path("verifier_key").asText() + "\n");

        CallerHttp.Response export = tenant.get("/v1/events/_export", "proof", "true");
        assertEquals(200, export.status(), export::toString);
        Path file = dir.resolve("export.ndjson");
        Files.writeString(file, export.body());
        assertEquals(301, export.body().lines().count());
        AuditVerifyCli.Result ok = AuditVerifyCli.run("export", "--key", keyFile.toString(), "--full", file.toString());
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("OK"), ok.output());

        String victim = "ep-117-" + RUN;
        long leaf = tenant.get("/v1/events/" + victim + "/proof").json().path("leaf_index").asLong();
        String index = IntegrityFixtures.indexOf(TestElasticsearch.url(), victim);
        ElasticsearchHttp.Response deleted = ElasticsearchHttp.send("DELETE", "/" + index + "/_doc/" + victim + "?refresh=true", null);
        assertEquals("deleted", deleted.body().path("result").asText(), deleted.body()::toString);

        CallerHttp.Response after = tenant.get("/v1/events/_export", "proof", "true");
        Path file2 = dir.resolve("export-after.ndjson");
        Files.writeString(file2, after.body());
        AuditVerifyCli.Result failed = AuditVerifyCli.run("export", "--key", keyFile.toString(), "--full", file2.toString());
        assertEquals(1, failed.exit(), failed.output());
        assertTrue(failed.output().contains("missing leaf") && failed.output().contains(Long.toString(leaf)), failed.output());

        CallerHttp admin = CallerHttp.admin(server.getURI());
        assertEquals(400, admin.get("/v1/events/_export", "proof", "true").status());
    }
}
