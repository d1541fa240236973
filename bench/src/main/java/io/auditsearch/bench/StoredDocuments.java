package io.auditsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ECS documents the service stored for the benchmark's events, read back from Elasticsearch
 * (scroll over the dated indices): what the direct side sends is then exactly what the service
 * stores, in the same dated index under the same {@code _id}, without the benchmark knowing how the
 * service prepares an event.
 */
final class StoredDocuments {

    /** One stored document. */
    record Stored(String index, String id, byte[] source) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredDocuments() {
    }

    /** Every stored benchmark event, by {@code event.id}. */
    static Map<String, Stored> read(Cluster cluster, Http http) throws IOException, InterruptedException {
        new AuditIndices(cluster, http).refresh();
        Map<String, Stored> stored = new HashMap<>();
        String query = "{\"size\":5000,\"sort\":[\"_doc\"],\"query\":{\"bool\":{\"must_not\":{\"term\":{\"service.name\":\"audit-search\"}}}}}";
        JsonNode page = JSON.readTree(cluster.call(http, "POST", "/" + AuditIndices.ALIAS + "-*/_search?scroll=2m", query)
                .ok("scroll").body());
        while (page.at("/hits/hits").size() > 0) {
            for (JsonNode hit : page.at("/hits/hits")) {
                stored.put(hit.get("_id").asText(), new Stored(hit.get("_index").asText(), hit.get("_id").asText(),
                        JSON.writeValueAsBytes(hit.get("_source"))));
            }
            String next = JSON.writeValueAsString(Map.of("scroll", "2m", "scroll_id", page.get("_scroll_id").asText()));
            page = JSON.readTree(cluster.call(http, "POST", "/_search/scroll", next).ok("scroll").body());
        }
        cluster.call(http, "DELETE", "/_search/scroll/_all", (String) null);
        return stored;
    }

    /**
     * For each event as sent to the service, in the same order, the {@code create} action and stored document the
     * direct side sends (two NDJSON lines, as one element).
     */
    static List<byte[]> createActions(List<byte[]> events, Map<String, Stored> stored) throws IOException {
        List<byte[]> lines = new ArrayList<>(events.size());
        for (Stored doc : inOrder(events, stored)) {
            byte[] action = ("{\"create\":{\"_index\":\"" + doc.index() + "\",\"_id\":\"" + doc.id() + "\"}}\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] both = new byte[action.length + doc.source().length];
            System.arraycopy(action, 0, both, 0, action.length);
            System.arraycopy(doc.source(), 0, both, action.length, doc.source().length);
            lines.add(both);
        }
        return lines;
    }

    /** The stored document of each event, in the events' order. */
    static List<Stored> inOrder(List<byte[]> events, Map<String, Stored> stored) throws IOException {
        List<Stored> docs = new ArrayList<>(events.size());
        for (byte[] event : events) {
            String id = JSON.readTree(event).at("/event/id").asText();
            Stored doc = stored.get(id);
            if (doc == null) {
                throw new IllegalStateException("event " + id + " was sent to the service but is not stored");
            }
            docs.add(doc);
        }
        return docs;
    }
}
