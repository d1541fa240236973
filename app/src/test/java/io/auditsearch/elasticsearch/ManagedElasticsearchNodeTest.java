package io.auditsearch.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Starts real Elasticsearch nodes from the integ-test-zip distribution; each start takes 10-20 s. */
class ManagedElasticsearchNodeTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One directory for all tests, so the distribution is extracted once; each test starts from empty data. */
    private static final Path BASE_DIR = Path.of(System.getProperty("audit.test.data-dir", "target/test-data"),
            "managed-elasticsearch").toAbsolutePath();

    @BeforeEach
    void removeAllButTheExtractedDistribution() throws IOException {
        if (!Files.isDirectory(BASE_DIR)) {
            return;
        }
        try (Stream<Path> top = Files.list(BASE_DIR)) {
            for (Path dir : top.filter(path -> !path.getFileName().toString().equals("home")).toList()) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        }
    }

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    @Test
    void startsAndAnswersClusterHealth() throws Exception {
        try (var node = ManagedElasticsearchNode.start(options())) {
            assertEquals("127.0.0.1", node.httpUri().getHost());

            HttpResponse<String> health = send("GET", node.httpUri().resolve("/_cluster/health"), null);

            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().matches("(?s).*\"status\"\\s*:\\s*\"(green|yellow)\".*"), health.body());
            long pid = node.pid();
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server JVM runs");

            node.stop();

            assertThrows(IOException.class, () -> send("GET", node.httpUri().resolve("/_cluster/health"), null));
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server JVM is gone");
            node.stop(); // idempotent
        }
    }

    @Test
    void restartsOnTheSameDataAfterAStop() throws Exception {
        try (var node = ManagedElasticsearchNode.start(options())) {
            HttpResponse<String> indexed = send("PUT", node.httpUri().resolve("/restart-test/_doc/1?refresh=true"),
                    "{\"event\":{\"action\":\"user.login\"}}");
            assertEquals(201, indexed.statusCode(), indexed.body());
        }

        try (var node = ManagedElasticsearchNode.start(options())) {
            HttpResponse<String> found = send("GET", node.httpUri().resolve("/restart-test/_doc/1"), null);

            assertEquals(200, found.statusCode(), found.body());
            assertTrue(found.body().contains("user.login"), found.body());
        }
    }

    @Test
    void recoversFromAStalePidFileAfterKill() throws Exception {
        var killed = ManagedElasticsearchNode.start(options());
        long killedPid = killed.pid();
        assertEquals(201, send("PUT", killed.httpUri().resolve("/kill-test/_doc/1"), "{\"n\":1}").statusCode());

        killed.kill();

        assertFalse(ProcessHandle.of(killedPid).map(ProcessHandle::isAlive).orElse(false), "killed server JVM is gone");
        assertTrue(Files.exists(BASE_DIR.resolve("run/elasticsearch.pid")), "SIGKILL leaves the pid file behind");
        try (var node = ManagedElasticsearchNode.start(options())) {
            assertNotEquals(killedPid, node.pid());
            // an acknowledged write survives the crash: the translog is fsynced per request
            HttpResponse<String> found = send("GET", node.httpUri().resolve("/kill-test/_doc/1"), null);
            assertEquals(200, found.statusCode(), found.body());
        }
    }

    @Test
    void takesOverANodeLeftRunningByADeadService() throws Exception {
        // The first node is never stopped, as when the service is kill -9'd: the next start finds it by its pid file.
        try (var orphan = ManagedElasticsearchNode.start(options())) {
            long orphanPid = orphan.pid();

            try (var node = ManagedElasticsearchNode.start(options())) {
                assertFalse(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "orphan was stopped");
                assertEquals(200, send("GET", node.httpUri().resolve("/_cluster/health"), null).statusCode());
            }
        }
    }

    private ManagedNodeOptions options() {
        Path zip = ManagedElasticsearchNode.findDistribution().orElseThrow(() -> new AssertionError(
                "No Elasticsearch " + ManagedElasticsearchNode.VERSION + " distribution: run the build through Maven "
                        + "(it copies the zip to app/target/elasticsearch) or set audit.elasticsearch.distribution"));
        return ManagedNodeOptions.singleNode(zip, BASE_DIR);
    }

    private static HttpResponse<String> send(String method, URI uri, String json) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
