package io.auditsearch.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditsearch.client.AuditClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The example application against the real service (its jar, in this JVM, on a managed
 * Elasticsearch node or {@code ELASTICSEARCH_URL}): a failed and a good login, a role grant and a
 * record view through the example's endpoints are found through the service's search API, with the
 * principal, tenant, changes and the controls the service adds from the catalog.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ExampleAgainstServiceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theExamplesEventsAreFoundThroughTheSearchApi() throws Exception {
        String ingestKey = "example-ingest-" + UUID.randomUUID();
        String readKey = "example-read-" + UUID.randomUUID();
        String service = "example-" + UUID.randomUUID().toString().substring(0, 8);
        Path data = Path.of(System.getProperty("audit.example.data-dir", "target/test-data")).resolve(service);
        Map<String, Object> serviceProps = new HashMap<>();
        serviceProps.put("micronaut.server.port", -1); // bound by the server itself, which reports it (IsolatedService.url)
        serviceProps.put("audit.data-dir", data.resolve("service").toString());
        serviceProps.put("elasticsearch.url", System.getenv().getOrDefault("ELASTICSEARCH_URL", ""));
        serviceProps.put("audit.managed-node.http-port", 0); // without ELASTICSEARCH_URL: a managed node of its own, on a free port
        serviceProps.put("audit.managed-node.heap", "512m");
        serviceProps.put("audit.security.static-keys.example.sha256", sha256(ingestKey));
        serviceProps.put("audit.security.static-keys.example.roles", "ingest");
        serviceProps.put("audit.security.static-keys.reader.sha256", sha256(readKey));
        serviceProps.put("audit.security.static-keys.reader.roles", "read");
        serviceProps.put("audit.security.rate-limit.enabled", false);
        try (IsolatedService audit = IsolatedService.start(serviceProps);
             EmbeddedServer example = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1,
                     "audit-search.client.url", audit.url(), "audit-search.client.api-key", ingestKey,
                     "audit-search.client.service-name", service, "audit-search.client.linger", "20ms",
                     "audit-search.client.buffer-directory", data.resolve("example-buffer").toString()))) {
            URI app = example.getURI();
            assertEquals(401, send(app, "POST", "/login", null, "{\"username\":\"alice\",\"password\":\"wrong\"}").statusCode());
            assertEquals(200, send(app, "POST", "/login", null, "{\"username\":\"alice\",\"password\":\"alice-password\"}").statusCode());
            assertEquals(200, send(app, "POST", "/users/bob/roles/auditor", "alice:alice-password", "").statusCode());
            assertEquals(200, send(app, "GET", "/records/cust-1", "alice:alice-password", null).statusCode());
            assertTrue(example.getApplicationContext().getBean(AuditClient.class).flush(Duration.ofSeconds(30)), "delivered");

            List<JsonNode> events = awaitEvents(audit.url(), readKey, 4, "service", service);
            Map<String, JsonNode> byKey = new HashMap<>();
            events.forEach(e -> byKey.put(e.at("/event/action").asText() + "/" + e.at("/event/outcome").asText(), e));
            assertEquals(Set.of("user.login/failure", "user.login/success", "role.grant/success", "record.view/success"), byKey.keySet(),
                    events::toString);

            JsonNode failed = byKey.get("user.login/failure");
            assertEquals("alice", failed.at("/user/name").asText());
            assertEquals("bad_credentials", failed.at("/audit/details/reason").asText());
            assertEquals("127.0.0.1", failed.at("/source/ip").asText());
            assertTrue(failed.at("/audit/compliance").toString().contains("PCI-DSS-10.2.1.4"), failed::toString);

            JsonNode grant = byKey.get("role.grant/success");
            assertEquals("alice", grant.at("/user/id").asText(), "the principal");
            assertEquals("acme", grant.at("/organization/id").asText(), "the tenant attribute");
            assertEquals("auditor", grant.at("/audit/resource/id").asText());
            assertEquals("[\"auditor\"]", grant.at("/audit/changes/after/roles").toString());
            assertTrue(grant.at("/audit/compliance").toString().contains("PCI-DSS-10.2.1.2"), grant::toString);

            JsonNode view = byKey.get("record.view/success");
            assertEquals("cust-1", view.at("/audit/resource/id").asText());
            assertEquals("customer", view.at("/audit/resource/type").asText());

            List<JsonNode> admin = awaitEvents(audit.url(), readKey, 2, "service", service, "control", "PCI-DSS-10.2.1.2");
            assertEquals(List.of("role.grant", "user.login"), admin.stream().map(e -> e.at("/event/action").asText()).sorted().toList());
        }
    }

    /** Searches until {@code count} events match, or fails after a deadline. */
    private static List<JsonNode> awaitEvents(String service, String key, int count, String... params) throws Exception {
        StringBuilder query = new StringBuilder("/v1/events?size=100");
        for (int i = 0; i < params.length; i += 2) {
            query.append('&').append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<JsonNode> events = new ArrayList<>();
        while (System.nanoTime() < end) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(service + query)).header("Authorization", "ApiKey " + key)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r::body);
            events = new ArrayList<>();
            JSON.readTree(r.body()).path("events").forEach(events::add);
            if (events.size() >= count) {
                return events;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("found " + events.size() + " of " + count + " events for " + query + ": " + events);
    }

    private static HttpResponse<String> send(URI app, String method, String path, String basic, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("User-Agent", "example-test/1.0").header("X-Request-Id", "req-" + UUID.randomUUID())
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (basic != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
