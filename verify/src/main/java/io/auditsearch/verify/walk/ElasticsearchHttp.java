package io.auditsearch.verify.walk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Plain JDK HTTP to Elasticsearch, JSON in and out. Credentials from the environment, never from
 * the command line: {@code ELASTICSEARCH_API_KEY}, or {@code ELASTICSEARCH_USERNAME} and
 * {@code ELASTICSEARCH_PASSWORD}. TLS trusts the JVM's trust store.
 */
final class ElasticsearchHttp {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ElasticsearchHttp(String url, Map<String, String> env) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String apiKey = env.get("ELASTICSEARCH_API_KEY");
        String user = env.get("ELASTICSEARCH_USERNAME");
        if (apiKey != null && !apiKey.isBlank()) {
            authorization = "ApiKey " + apiKey;
        } else if (user != null && !user.isBlank()) {
            String pair = user + ":" + env.getOrDefault("ELASTICSEARCH_PASSWORD", "");
            authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        } else {
            authorization = null;
        }
    }

    /** GET a document's {@code _source}, or null when it does not exist. */
    JsonNode source(String index, String id) throws IOException {
        JsonNode doc = send("GET", "/" + index + "/_doc/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null, true);
        return doc == null || !doc.path("found").asBoolean() ? null : doc.path("_source");
    }

    JsonNode post(String path, Object body) throws IOException {
        return send("POST", path, JSON.writeValueAsString(body), false);
    }

    /** POST, or null when Elasticsearch answers 404 (no such index). */
    JsonNode postOrNull(String path, Object body) throws IOException {
        return send("POST", path, JSON.writeValueAsString(body), true);
    }

    private JsonNode send(String method, String path, String body, boolean notFoundIsNull) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (r.statusCode() == 404 && notFoundIsNull) {
            return null;
        }
        if (r.statusCode() >= 300) {
            throw new IOException(method + " " + path + ": HTTP " + r.statusCode() + " "
                    + new String(r.body(), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
        }
        return JSON.readTree(r.body());
    }
}
