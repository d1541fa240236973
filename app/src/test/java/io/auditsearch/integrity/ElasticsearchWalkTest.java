package io.auditsearch.integrity;

import static io.auditsearch.integrity.IntegrityFixtures.awaitProof;
import static io.auditsearch.integrity.IntegrityFixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.DedicatedNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.RunningService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit-verify walk --elasticsearch URL} on a cluster of its own: an untouched store passes;
 * an edited, a deleted and a forged event written straight into Elasticsearch are each named by id;
 * swapped tiles and a re-signed, rewritten history fail the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ElasticsearchWalkTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dir;

    private DedicatedNode node;
    private RunningService service;
    private CallerHttp admin;
    private Path keyFile;

    @BeforeAll
    void start() throws Exception {
        node = DedicatedNode.single("integrity-walk-" + RUN).start();
        service = RunningService.start(node.url(), Map.of("audit.integrity.checkpoint-interval", "300ms"));
        admin = CallerHttp.admin(java.net.URI.create(service.http().base()));
        keyFile = Files.createTempFile("walk", ".vkey");
        Files.writeString(keyFile, admin.get("/v1/integrity/public-key").json().path("verifier_key").asText() + "\n");
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private AuditVerifyCli.Result walk(String... more) throws Exception {
        String[] args = new String[4 + more.length];
        args[0] = "walk";
        args[1] = "--elasticsearch";
        args[2] = node.url();
        args[3] = "--key=" + keyFile;
        System.arraycopy(more, 0, args, 4, more.length);
        return AuditVerifyCli.run(fixKey(args));
    }

    /** {@code --key=FILE} as two arguments. */
    private static String[] fixKey(String[] args) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--key=")) {
                out.add("--key");
                out.add(a.substring(6));
            } else {
                out.add(a);
            }
        }
        return out.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void editedDeletedAndInsertedEventsAreNamedById() throws Exception {
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            bulk.append(event("w-" + i + "-" + RUN, "doc.read", null)).append('\n');
        }
        assertEquals(200, admin.post("/v1/events/_bulk", "application/x-ndjson", bulk.toString()).status());
        awaitProof(admin, "w-39-" + RUN);

        AuditVerifyCli.Result clean = walk();
        assertEquals(0, clean.exit(), clean.output());

        String edited = "w-3-" + RUN;
        String deleted = "w-7-" + RUN;
        String forged = "forged-" + RUN;
        String index = IntegrityFixtures.indexOf(node.url(), edited);
        es("POST", "/" + index + "/_update/" + edited + "?refresh=true", "{\"doc\":{\"message\":\"nothing happened\"}}");
        es("DELETE", "/" + IntegrityFixtures.indexOf(node.url(), deleted) + "/_doc/" + deleted + "?refresh=true", null);
        es("PUT", "/" + index + "/_doc/" + forged + "?refresh=true", "{\"@timestamp\":\"" + Instant.now().minusSeconds(3600)
                + "\",\"event\":{\"id\":\"" + forged + "\",\"action\":\"doc.read\",\"ingested\":\"" + Instant.now().minusSeconds(3600)
                + "\"},\"message\":\"forged\"}");

        AuditVerifyCli.Result tampered = walk();
        assertEquals(1, tampered.exit(), tampered.output());
        assertTrue(tampered.output().contains("FAIL modified event " + edited), tampered.output());
        assertTrue(tampered.output().contains("FAIL deleted event " + deleted), tampered.output());
        assertTrue(tampered.output().contains("FAIL inserted event " + forged), tampered.output());
        assertEquals(3, tampered.output().lines().filter(l -> l.startsWith("FAIL ")).count(), tampered.output());
    }

    @Test
    @Order(2)
    void swappedTilesFailTheLog() throws Exception {
        String tenant = "walk-tiles-" + RUN;
        CallerHttp caller = CallerHttp.apiKey(java.net.URI.create(service.http().base()),
                IntegrityFixtures.key(java.net.URI.create(service.http().base()), tenant, tenant, "ingest", "read"));
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            bulk.append(event("t-" + i + "-" + RUN, "doc.read", null)).append('\n');
        }
        assertEquals(200, caller.post("/v1/events/_bulk", "application/x-ndjson", bulk.toString()).status());
        String log = awaitProof(caller, "t-599-" + RUN).path("log").asText();
        assertEquals(0, walk("--log", log).exit());

        String t0 = "/audit-integrity-tiles/_doc/" + java.net.URLEncoder.encode(log + "/tile/0/000", "UTF-8");
        String t1 = "/audit-integrity-tiles/_doc/" + java.net.URLEncoder.encode(log + "/tile/0/001", "UTF-8");
        var a = ElasticsearchHttp.send(node.url(), "GET", t0, null).body().path("_source");
        var b = ElasticsearchHttp.send(node.url(), "GET", t1, null).body().path("_source");
        es("PUT", t0 + "?refresh=true", ((com.fasterxml.jackson.databind.node.ObjectNode) a.deepCopy()).put("hashes", b.path("hashes").asText()).toString());
        es("PUT", t1 + "?refresh=true", ((com.fasterxml.jackson.databind.node.ObjectNode) b.deepCopy()).put("hashes", a.path("hashes").asText()).toString());

        AuditVerifyCli.Result swapped = walk("--log", log);
        assertEquals(1, swapped.exit(), swapped.output());
        assertTrue(swapped.output().contains("do not lead to the root"), swapped.output());
    }

    private void es(String method, String path, String body) {
        ElasticsearchHttp.Response r = ElasticsearchHttp.send(node.url(), method, path, body);
        assertTrue(r.status() < 300, () -> method + " " + path + ": " + r);
    }
}
