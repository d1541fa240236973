package io.auditsearch.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.DedicatedNode;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.ServiceProcess;
import io.auditsearch.verify.note.NoteVerifier;
import io.auditsearch.verify.note.VerifierKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two service processes, each with its own data dir, against one node, both ingesting one tenant's
 * events at once: each sequences its own log of that tenant, every acknowledged event is a leaf of
 * exactly one of the two logs, the walk over the cluster passes, and every event's proof verifies.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class TwoInstancesTest {

    private static final int CLIENTS_PER_INSTANCE = 2;
    private static final int BULKS = 3;
    private static final int BULK_SIZE = 50;

    @Test
    void twoInstancesWritingOneTenantKeepTwoLogsThatBothVerify() throws Exception {
        String run = "two-" + UUID.randomUUID().toString().substring(0, 8);
        String tenant = "tenant-" + run;
        Path base = Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve(run);
        Map<String, String> props = Map.of("audit.integrity.checkpoint-interval", "500ms");
        try (DedicatedNode node = DedicatedNode.single("integrity-" + run).start();
             ServiceProcess a = ServiceProcess.start(env(node, base.resolve("a")), props, base.resolve("a.log"));
             ServiceProcess b = ServiceProcess.start(env(node, base.resolve("b")), props, base.resolve("b.log"))) {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            ExecutorService clients = Executors.newFixedThreadPool(2 * CLIENTS_PER_INSTANCE);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS_PER_INSTANCE; c++) {
                for (ServiceProcess s : List.of(a, b)) {
                    String prefix = run + "-" + (s == a ? "a" : "b") + c;
                    running.add(clients.submit(() -> ingest(s.http(), prefix, tenant, acknowledged)));
                }
            }
            for (Future<?> f : running) {
                f.get(3, TimeUnit.MINUTES);
            }
            clients.shutdown();
            assertEquals(2 * CLIENTS_PER_INSTANCE * BULKS * BULK_SIZE, acknowledged.size(), "every event acknowledged");

            String logA = "audit-search.local/" + Files.readString(base.resolve("a/integrity/instance-id")).strip() + "/" + tenant;
            String logB = "audit-search.local/" + Files.readString(base.resolve("b/integrity/instance-id")).strip() + "/" + tenant;
            Map<String, Integer> leafCount = IntegrityFixtures.await(Duration.ofMinutes(2), "every acknowledged event in a log", () -> {
                Map<String, Integer> count = new HashMap<>();
                SequencerKillTest.logged(node.url(), logA).forEach(id -> count.merge(id, 1, Integer::sum));
                SequencerKillTest.logged(node.url(), logB).forEach(id -> count.merge(id, 1, Integer::sum));
                return count.keySet().containsAll(acknowledged) ? count : null;
            });
            for (String id : acknowledged) {
                assertEquals(1, leafCount.get(id), () -> id + " is a leaf of exactly one log");
            }
            List<String> inA = SequencerKillTest.logged(node.url(), logA);
            List<String> inB = SequencerKillTest.logged(node.url(), logB);
            assertTrue(inA.stream().allMatch(id -> id.startsWith(run + "-a")), "instance a logs only what it was sent");
            assertTrue(inB.stream().allMatch(id -> id.startsWith(run + "-b")), "instance b logs only what it was sent");

            String keyA = a.http().get("/v1/integrity/public-key").body().path("verifier_key").asText();
            String keyB = b.http().get("/v1/integrity/public-key").body().path("verifier_key").asText();
            Path keyFile = base.resolve("logs.vkey");
            Files.writeString(keyFile, keyA + "\n" + keyB + "\n");
            AuditVerifyCli.Result walk = AuditVerifyCli.run("walk", "--elasticsearch", node.url(), "--key", keyFile.toString());
            assertEquals(0, walk.exit(), walk.output());
            assertTrue(walk.output().contains("0 modified, 0 deleted"), walk.output());

            NoteVerifier verifier = new NoteVerifier(List.of(VerifierKey.parse(keyA), VerifierKey.parse(keyB)));
            for (String id : acknowledged) {
                // each instance answers for the whole cluster: ask the other one half the time
                ServiceHttp asked = (id.hashCode() & 1) == 0 ? a.http() : b.http();
                ServiceHttp.Answer proof = asked.get("/v1/events/" + id + "/proof");
                assertEquals(200, proof.status(), () -> id + ": " + proof);
                JsonNode body = proof.body();
                assertEquals(id.startsWith(run + "-a") ? logA : logB, body.path("log").asText(), id);
                IntegrityFixtures.check(body, verifier);
            }
        }
    }

    private static Map<String, String> env(DedicatedNode node, Path data) {
        return Map.of("ELASTICSEARCH_URL", node.url(), "AUDIT_DATA_DIR", data.toString());
    }

    private static void ingest(ServiceHttp api, String prefix, String tenant, Set<String> acknowledged) {
        for (int round = 0; round < BULKS; round++) {
            StringBuilder bulk = new StringBuilder();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < BULK_SIZE; i++) {
                String id = prefix + "-" + round + "-" + i;
                ids.add(id);
                bulk.append(IntegrityFixtures.event(id, "record.update", tenant)).append('\n');
            }
            JsonNode items = api.postBulk(bulk.toString()).body().path("items");
            for (int i = 0; i < items.size(); i++) {
                int status = items.get(i).path("status").asInt();
                if (status == 201 || status == 202) {
                    acknowledged.add(ids.get(i));
                }
            }
        }
    }
}
