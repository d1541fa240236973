package io.auditsearch.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.TestCredentials;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a user gets from {@code bin/audit-search} with no ELASTICSEARCH_URL: the service starts its
 * own Elasticsearch under the data directory, takes events, and stops the node when it stops.
 */
class ManagedNodeServiceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void withoutAnElasticsearchUrlTheServiceRunsAndStopsItsOwnNode() throws Exception {
        Path dataDir = Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve("service-managed");
        URI elasticsearch;
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "elasticsearch.url", "",
                "audit.data-dir", dataDir.toString(),
                "audit.managed-node.http-port", "0",
                "audit.managed-node.heap", "512m",
                "micronaut.server.port", "-1"))) {
            elasticsearch = server.getApplicationContext().getBean(ElasticsearchClientFactory.Endpoint.class).hosts().getFirst();
            assertTrue(Files.isDirectory(dataDir.resolve("elasticsearch")), "node lives under $AUDIT_DATA_DIR/elasticsearch");

            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/events"))
                    .header("content-type", "application/json").header("Authorization", TestCredentials.authorization())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\":{\"action\":\"user.login\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());

            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(elasticsearch.resolve("/_cluster/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        }
        URI stopped = elasticsearch;
        assertThrows(ConnectException.class, () -> send(stopped), "the managed node stops with the service");
    }

    private static void send(URI uri) throws IOException, InterruptedException {
        try {
            HTTP.send(HttpRequest.newBuilder(uri.resolve("/_cluster/health")).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw e.getCause() instanceof ConnectException c ? c : e;
        }
    }
}
