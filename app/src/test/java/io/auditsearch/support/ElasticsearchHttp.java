package io.auditsearch.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plain HTTP to the test cluster, so tests check what is really stored without going through the
 * service's own client code.
 */
public final class ElasticsearchHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ElasticsearchHttp() {
    }

    public static JsonNode get(String path) {
        return send("GET", path, null).body();
    }

    public static Response send(String method, String path, String body) {
        return send(TestElasticsearch.url(), method, path, body);
    }

    /** The same against another cluster, one a test started itself. */
    public static Response send(String baseUrl, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
            return new Response(r.statusCode(), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Refreshes the audit indices so what was just written is searchable. */
    public static void refresh() {
        send("POST", "/audit-events-*/_refresh?allow_no_indices=true", null);
    }

    /**
     * How many stored events carry the given {@code service.name} (tests mark their events with
     * one of their own), after a refresh.
     */
    public static long countService(String baseUrl, String service) {
        send(baseUrl, "POST", "/audit-events-*/_refresh?allow_no_indices=true", null);
        Response r = send(baseUrl, "POST", "/audit-events-*/_count?allow_no_indices=true",
                "{\"query\":{\"term\":{\"service.name\":\"" + service + "\"}}}");
        return r.body().path("count").asLong(-1);
    }

    /** Which of the ids are stored (any audit index), after a refresh, by a terms query on {@code event.id}. */
    public static Set<String> storedIds(String baseUrl, Collection<String> ids) {
        // what the shipper wrote last may not be searchable yet (refresh interval): make it so
        send(baseUrl, "POST", "/audit-events-*/_refresh?allow_no_indices=true", null);
        Set<String> found = new HashSet<>();
        List<String> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += 5000) {
            var query = Json.MAPPER.createObjectNode();
            query.put("size", 10_000).put("_source", false);
            query.putArray("docvalue_fields").add("event.id");
            var terms = query.putObject("query").putObject("terms").putArray("event.id");
            all.subList(i, Math.min(all.size(), i + 5000)).forEach(terms::add);
            Response r = send(baseUrl, "POST", "/audit-events-*/_search?allow_no_indices=true", query.toString());
            for (JsonNode hit : r.body().path("hits").path("hits")) {
                if (!found.add(hit.path("fields").path("event.id").path(0).asText())) {
                    throw new AssertionError("event " + hit.path("_id").asText() + " is stored twice");
                }
            }
        }
        return found;
    }

    public record Response(int status, JsonNode body) {
    }
}
