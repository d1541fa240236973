package io.auditsearch.integrity;

import static io.auditsearch.integrity.IntegrityFixtures.await;
import static io.auditsearch.integrity.IntegrityFixtures.awaitProof;
import static io.auditsearch.integrity.IntegrityFixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.DedicatedNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.RunningService;
import io.auditsearch.verify.checkpoint.Checkpoint;
import io.auditsearch.verify.checkpoint.SignedCheckpoint;
import io.auditsearch.verify.note.SignerKey;
import io.auditsearch.verify.tiles.Tile;
import io.auditsearch.verify.tiles.TileHashSource;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * History rewritten straight in Elasticsearch: two full level-0 tiles swapped, with the level-1
 * tile above them rewritten to match (so the stored tree is self-consistent, only different). The
 * service refuses to sign the next checkpoint (its own consistency check), and {@code audit-verify
 * walk} over the checkpoints the service saved fails the log; when the attacker also holds the
 * signing key and re-signs the rewritten tree, the walk still names the rewrite against the saved
 * checkpoints, and every moved event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class HistoryRewriteTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private DedicatedNode node;
    private RunningService service;

    @BeforeAll
    void start() {
        node = DedicatedNode.single("integrity-rewrite-" + RUN).start();
        service = RunningService.start(node.url(), Map.of("audit.integrity.checkpoint-interval", "300ms"));
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

    @Test
    void rewrittenTilesFailTheServicesCheckAndTheWalkOverSavedCheckpoints() throws Exception {
        URI base = URI.create(service.http().base());
        String tenant = "rewrite-" + RUN;
        CallerHttp caller = CallerHttp.apiKey(base, IntegrityFixtures.key(base, tenant, tenant, "ingest", "read"));
        CallerHttp admin = CallerHttp.admin(base);
        Path keyFile = Files.createTempFile("rewrite", ".vkey");
        Files.writeString(keyFile, admin.get("/v1/integrity/public-key").json().path("verifier_key").asText() + "\n");
        for (int round = 0; round < 3; round++) {
            // three bulks, so the service signs (and saves) several checkpoints
            StringBuilder bulk = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                bulk.append(event("r-" + (round * 200 + i) + "-" + RUN, "doc.read", null)).append('\n');
            }
            assertEquals(200, caller.post("/v1/events/_bulk", "application/x-ndjson", bulk.toString()).status());
            awaitProof(caller, "r-" + (round * 200 + 199) + "-" + RUN);
        }
        String log = awaitProof(caller, "r-599-" + RUN).path("log").asText();
        // reading is audited into the tenant's log too: wait (reading Elasticsearch only) until it stops growing
        long size = await(Duration.ofSeconds(60), "the log to stop growing", () -> {
            long before = storedSize(log);
            sleep(2000);
            return storedSize(log) == before ? before : null;
        });
        List<String> saved = savedCheckpoints(tenant);
        assertTrue(saved.size() >= 3, "checkpoints saved in the data dir: " + saved);
        assertEquals(0, walk(keyFile, log, saved).exit());

        // swap tiles 0/000 and 0/001, and the two hashes of the level-1 tile above them
        swapHashes(tileDoc(log, "tile/0/000"), tileDoc(log, "tile/0/001"));
        String level1 = tileDoc(log, new Tile(1, 0, (int) (size / 256)).path());
        JsonNode upper = source(level1);
        byte[] hashes = Base64.getDecoder().decode(upper.path("hashes").asText());
        byte[] swapped = new byte[64];
        System.arraycopy(hashes, 32, swapped, 0, 32);
        System.arraycopy(hashes, 0, swapped, 32, 32);
        put(level1, ((ObjectNode) upper).put("hashes", Base64.getEncoder().encodeToString(swapped)));

        // the service's own check before it signs: more events, no new checkpoint, the failure named
        StringBuilder more = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            more.append(event("after-" + i + "-" + RUN, "doc.read", null)).append('\n');
        }
        assertEquals(200, caller.post("/v1/events/_bulk", "application/x-ndjson", more.toString()).status());
        String failure = await(Duration.ofSeconds(60), "the sequencer to refuse the rewritten log", () -> {
            JsonNode health = admin.get("/health").json().path("details").path("integrity").path("details");
            String last = health.path("last_failure").asText(null);
            return last != null && last.contains("not consistent") ? last : null;
        });
        assertTrue(failure.contains(log) && failure.contains("is not consistent with checkpoint " + size), failure);
        CallerHttp.Response latest = caller.get("/v1/integrity/checkpoint", "log", log);
        assertEquals(200, latest.status(), latest::toString);
        assertTrue(latest.body().startsWith(log + "\n" + size + "\n"), latest.body());
        assertEquals(404, caller.get("/v1/events/after-19-" + RUN + "/proof").status());

        // the walk over the saved checkpoints: the stored tiles no longer lead to the signed root
        AuditVerifyCli.Result swappedWalk = walk(keyFile, log, saved);
        assertEquals(1, swappedWalk.exit(), swappedWalk.output());
        assertTrue(swappedWalk.output().contains("FAIL log " + log + ": its tiles do not lead to the root of its checkpoint at size " + size),
                swappedWalk.output());

        // an attacker with the signing key re-signs the rewritten tree at the same size
        SignerKey stolen = SignerKey.parse(Files.readString(service.dataDir().resolve("integrity/signing.key")).trim());
        byte[] forgedRoot = new TileHashSource(t -> Base64.getDecoder().decode(source(tileDoc(log, t.path())).path("hashes").asText()),
                size).root();
        String forged = SignedCheckpoint.sign(new Checkpoint(log, size, forgedRoot), List.of(stolen));
        String cpDoc = "/audit-integrity-checkpoints/_doc/" + URLEncoder.encode(log + "/" + String.format("%020d", size), StandardCharsets.UTF_8);
        JsonNode genuine = source(cpDoc);
        put(cpDoc, ((ObjectNode) genuine).put("note", forged).put("root", Base64.getEncoder().encodeToString(forgedRoot)));

        AuditVerifyCli.Result resigned = walk(keyFile, log, saved);
        assertEquals(1, resigned.exit(), resigned.output());
        assertFalse(resigned.output().contains("do not lead to the root"), resigned.output());
        assertTrue(resigned.output().contains("is not consistent with the checkpoint at size"), resigned.output());
        assertTrue(resigned.output().contains("(history rewritten)"), resigned.output());
        long consistencyFailures = resigned.output().lines().filter(l -> l.contains("(history rewritten)")).count();
        assertTrue(consistencyFailures >= saved.size() - 1, resigned.output());
        // the 512 events under the swapped tiles are each named
        assertEquals(512, resigned.output().lines().filter(l -> l.startsWith("FAIL modified event ")).count(), resigned.output());
        assertTrue(resigned.output().contains("FAIL modified event r-0-" + RUN + ": log " + log + " leaf 0"), resigned.output());
    }

    /** The log's latest stored checkpoint size, read straight from Elasticsearch (no audited read). */
    private long storedSize(String log) {
        ElasticsearchHttp.send(node.url(), "POST", "/audit-integrity-checkpoints/_refresh", null);
        JsonNode hits = ElasticsearchHttp.send(node.url(), "POST", "/audit-integrity-checkpoints/_search",
                "{\"size\":1,\"query\":{\"term\":{\"log\":\"" + log + "\"}},\"sort\":[{\"size\":\"desc\"}]}").body()
                .path("hits").path("hits");
        return hits.isEmpty() ? 0 : hits.get(0).path("_source").path("size").asLong();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private List<String> savedCheckpoints(String tenant) throws IOException {
        Path dir = service.dataDir().resolve("integrity/checkpoints").resolve(tenant);
        List<String> notes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("\\d+")).sorted().toList()) {
                notes.add(f.toString());
            }
        }
        return notes;
    }

    private AuditVerifyCli.Result walk(Path keyFile, String log, List<String> kept) throws Exception {
        List<String> args = new ArrayList<>(List.of("walk", "--elasticsearch", node.url(), "--key", keyFile.toString(), "--log", log));
        args.addAll(kept);
        return AuditVerifyCli.run(args.toArray(String[]::new));
    }

    private static String tileDoc(String log, String path) {
        return "/audit-integrity-tiles/_doc/" + URLEncoder.encode(log + "/" + path, StandardCharsets.UTF_8);
    }

    private JsonNode source(String doc) {
        ElasticsearchHttp.Response r = ElasticsearchHttp.send(node.url(), "GET", doc, null);
        assertEquals(200, r.status(), () -> doc + ": " + r);
        return r.body().path("_source");
    }

    private void swapHashes(String a, String b) {
        JsonNode x = source(a);
        JsonNode y = source(b);
        put(a, ((ObjectNode) x.deepCopy()).put("hashes", y.path("hashes").asText()));
        put(b, ((ObjectNode) y.deepCopy()).put("hashes", x.path("hashes").asText()));
    }

    private void put(String doc, JsonNode body) {
        ElasticsearchHttp.Response r = ElasticsearchHttp.send(node.url(), "PUT", doc + "?refresh=true", body.toString());
        assertTrue(r.status() < 300, () -> "PUT " + doc + ": " + r);
    }
}
