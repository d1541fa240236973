package io.auditsearch.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.DedicatedNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.TestEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The spool's own file system fills up (a 2 MiB tmpfs mounted on the spool directory) while Elasticsearch is down:
 * the service answers 503 with Retry-After for what it could not keep, never a 2xx; once the file system grows the
 * spool takes events again, and every event acknowledged before, during and after reaches Elasticsearch once.
 * Needs root (mount); skipped with a message where mounting is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(600)
class SpoolDiskFullTest {

    private static final String PADDING = "x".repeat(2_000);

    private DedicatedNode node;

    @BeforeAll
    void startNode() {
        node = DedicatedNode.single("spool-disk-full").start();
    }

    @AfterEach
    void nodeIsUp() {
        node.ensureStarted(); // a failed test may have left it stopped (done here, so its failure is not masked)
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    @Test
    void aFullSpoolFileSystemRefusesWith503AndEveryAcknowledgedEventArrivesOnceSpaceReturns() throws Exception {
        Path dataDir = Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve("disk-full-" + UUID.randomUUID())
                .toAbsolutePath();
        Path spoolDir = Files.createDirectories(dataDir.resolve("spool"));
        String mounted = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", spoolDir.toString());
        Assumptions.assumeTrue(mounted == null, () -> "needs a small file system for the spool (mount -t tmpfs as root): " + mounted);
        String service = "disk-full-" + UUID.randomUUID();
        Set<String> acknowledged = new HashSet<>();
        try (RunningService running = RunningService.start(node.url(), dataDir, Map.of("audit.spool.backoff-max", "1s",
                "audit.spool.max-bytes", "1000000000", "audit.spool.retry-after", "9s"))) {
            ServiceHttp api = running.http();
            node.stop();

            ServiceHttp.Answer refused = null;
            int i = 0;
            for (; i < 20_000 && refused == null; i++) {
                ObjectNode event = event(service, i);
                ServiceHttp.Answer answer = api.postEvent(event.toString());
                if (answer.status() == 202) {
                    acknowledged.add(event.path("event").path("id").asText());
                } else {
                    refused = answer;
                }
            }
            assertNotNull(refused, "the spool's file system filled up within " + i + " events");
            assertEquals(503, refused.status(), "a full disk is a 503, never a 2xx or a 500: " + refused.body());
            assertEquals("9", refused.retryAfter().orElse(null), "Retry-After says when to come back: " + refused.body());
            assertEquals("urn:audit-search:problem:spool_full", refused.body().path("type").asText(), refused.body().toString());
            for (int k = 0; k < 20; k++, i++) {
                ServiceHttp.Answer again = api.postEvent(event(service, i).toString());
                assertEquals(503, again.status(), "still full: " + again.body());
            }
            ServiceHttp.Answer readiness = api.get("/health/readiness");
            assertEquals(503, readiness.status(), "not ready while the spool's disk is full: " + readiness.body());
            System.out.printf("[spool-disk-full] acknowledged %d events before the 2 MiB file system was full; refused with %d %s%n",
                    acknowledged.size(), refused.status(), refused.body());

            String grown = run("mount", "-o", "remount,size=16m", spoolDir.toString());
            assertEquals(null, grown, "the file system grows");
            List<Integer> statuses = new java.util.ArrayList<>();
            for (int k = 0; k < 50; k++, i++) {
                ObjectNode event = event(service, i);
                ServiceHttp.Answer answer = api.postEvent(event.toString());
                statuses.add(answer.status());
                if (answer.status() == 202) {
                    acknowledged.add(event.path("event").path("id").asText());
                }
            }
            assertEquals(List.of(202), statuses.stream().distinct().toList(), "the spool takes events again once there is room");
            assertTrue(api.spoolDepth() >= acknowledged.size(), "the spool is readable and holds every acknowledged event: depth "
                    + api.spoolDepth() + " of " + acknowledged.size());

            node.start();
            api.awaitSpoolDrained(Duration.ofMinutes(4));
            Set<String> stored = ElasticsearchHttp.storedIds(node.url(), acknowledged);
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(stored);
            System.out.printf("[spool-disk-full] acknowledged=%d stored=%d stored_total=%d%n", acknowledged.size(), stored.size(),
                    ElasticsearchHttp.countService(node.url(), service));
            assertEquals(Set.of(), missing, "every acknowledged event is stored");
            assertEquals(acknowledged.size(), ElasticsearchHttp.countService(node.url(), service), "and nothing else, none twice");
        } finally {
            run("umount", "-l", spoolDir.toString());
        }
    }

    private static ObjectNode event(String service, int k) {
        Instant base = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        ObjectNode e = TestEvents.event(service + "-" + k, base.plusSeconds(k), "file.write");
        TestEvents.set(e, "service.name", service);
        TestEvents.set(e, "message", PADDING);
        return e;
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + ": no answer in 30 s";
        }
        String out = new String(p.getInputStream().readAllBytes()).strip();
        return p.exitValue() == 0 ? null : String.join(" ", command) + " exited " + p.exitValue() + ": " + out;
    }
}
