package io.auditsearch.integrity;

import static io.auditsearch.integrity.IntegrityFixtures.await;
import static io.auditsearch.integrity.IntegrityFixtures.awaitProof;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.DedicatedNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.RunningService;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Retention stays provable: the service's sweep deletes an expired dated index only after a signed
 * record of what it held went into the log, so {@code audit-verify walk} counts those events as
 * deleted by retention policy (exit 0), while an event deleted by hand is still named (exit 1).
 * Legal holds set and released are log entries too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class RetentionProvableTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final int OLD = 30;
    private static final int RECENT = 10;

    private DedicatedNode node;
    private RunningService service;
    private Path keyFile;

    @BeforeAll
    void start() {
        node = DedicatedNode.single("integrity-retention-" + RUN).start();
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
    void eventsDeletedByTheRetentionSweepAreTold() throws Exception {
        Path data = Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve("retention-" + RUN);
        // three days of retention: events of two and a half days ago are accepted and integrated
        service = RunningService.start(node.url(), data, Map.of("audit.integrity.checkpoint-interval", "300ms",
                "audit.retention.days", "3"));
        CallerHttp admin = CallerHttp.admin(URI.create(service.http().base()));
        keyFile = Files.createTempFile("retention", ".vkey");
        Files.writeString(keyFile, admin.get("/v1/integrity/public-key").json().path("verifier_key").asText() + "\n");

        Instant old = Instant.now().minus(Duration.ofHours(60));
        String oldIndex = "audit-events-" + DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC).format(old);
        StringBuilder bulk = new StringBuilder();
        for (int i = 0; i < OLD; i++) {
            bulk.append(IntegrityFixtures.event("old-" + i + "-" + RUN, "doc.read", "acme-" + RUN)
                    .replaceFirst("\"@timestamp\":\"[^\"]+\"", "\"@timestamp\":\"" + old + "\"")).append('\n');
        }
        for (int i = 0; i < RECENT; i++) {
            bulk.append(IntegrityFixtures.event("new-" + i + "-" + RUN, "doc.read", "acme-" + RUN)).append('\n');
        }
        CallerHttp.Response posted = admin.post("/v1/events/_bulk", "application/x-ndjson", bulk.toString());
        assertEquals(200, posted.status(), posted::toString);
        assertEquals(false, posted.json().path("errors").asBoolean(), posted::toString);
        awaitProof(admin, "old-" + (OLD - 1) + "-" + RUN);
        awaitProof(admin, "new-" + (RECENT - 1) + "-" + RUN);
        assertEquals(oldIndex, IntegrityFixtures.indexOf(node.url(), "old-0-" + RUN));

        CallerHttp.Response hold = admin.postJson("/v1/retention/holds",
                "{\"from\":\"2001-01-01T00:00:00Z\",\"to\":\"2001-01-02T00:00:00Z\",\"reason\":\"case " + RUN + "\"}");
        assertEquals(201, hold.status(), hold::toString);
        CallerHttp.Response released = admin.delete("/v1/retention/holds/" + hold.json().path("id").asText());
        assertEquals(200, released.status(), released::toString);

        // one day of retention now, and the sweep on: the old index is expired
        service.close();
        service = RunningService.start(node.url(), data, Map.of("audit.integrity.checkpoint-interval", "300ms",
                "audit.retention.days", "1", "audit.retention.sweep-enabled", "true", "audit.retention.sweep-interval", "1s",
                "audit.retention.sweep-initial-delay", "1s"));
        await(Duration.ofSeconds(60), "the sweep to delete " + oldIndex,
                () -> ElasticsearchHttp.send(node.url(), "HEAD", "/" + oldIndex, null).status() == 404 ? true : null);

        // the deletion record is a leaf once the next checkpoint covers it
        AuditVerifyCli.Result clean = await(Duration.ofSeconds(90), "a walk that finds the deletion record", () -> {
            AuditVerifyCli.Result r = walk();
            return r.exit() == 0 ? r : null;
        });
        assertTrue(clean.output().contains("deleted by retention policy: " + OLD + " (" + oldIndex + ": " + OLD + ")"), clean.output());
        assertTrue(clean.output().contains("retention records: 1 index deletions, 1 legal holds set, 1 released"), clean.output());
        assertTrue(clean.output().startsWith("OK") || clean.output().contains("\nOK: "), clean.output());

        String byHand = "new-3-" + RUN;
        var gone = ElasticsearchHttp.send(node.url(), "DELETE", "/" + IntegrityFixtures.indexOf(node.url(), byHand) + "/_doc/" + byHand
                + "?refresh=true", null);
        assertEquals(200, gone.status(), gone::toString);

        AuditVerifyCli.Result tampered = walk();
        assertEquals(1, tampered.exit(), tampered.output());
        assertTrue(tampered.output().contains("FAIL deleted event " + byHand), tampered.output());
        assertEquals(List.of("FAIL deleted event " + byHand), tampered.output().lines().filter(l -> l.startsWith("FAIL "))
                .map(l -> l.substring(0, l.indexOf(':'))).toList(), tampered.output());
        assertTrue(tampered.output().contains("deleted by retention policy: " + OLD), tampered.output());
    }

    private AuditVerifyCli.Result walk() {
        try {
            return AuditVerifyCli.run("walk", "--elasticsearch", node.url(), "--key", keyFile.toString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
