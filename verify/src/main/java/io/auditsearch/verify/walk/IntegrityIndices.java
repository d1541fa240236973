package io.auditsearch.verify.walk;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.verify.tiles.Tile;
import io.auditsearch.verify.tiles.TileReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Reads what the service keeps in Elasticsearch: checkpoints, tiles, entry bundles and the events. */
final class IntegrityIndices {
    static final String TILES = "audit-integrity-tiles";
    static final String BUNDLES = "audit-integrity-bundles";
    static final String CHECKPOINTS = "audit-integrity-checkpoints";
    static final String EVENTS = "audit-events-*";
    /** The service's own records (retention deletions, legal holds), leaves like events. */
    static final String RECORDS = "audit-integrity-records";

    private final ElasticsearchHttp es;

    IntegrityIndices(ElasticsearchHttp es) {
        this.es = es;
    }

    /** Every log's latest checkpoint document ({@code log}, {@code note}), or the named log's. */
    List<JsonNode> latestCheckpoints(String log) throws IOException {
        Map<String, Object> body = new HashMap<>();
        body.put("size", 10_000);
        body.put("query", log == null ? Map.of("match_all", Map.of()) : Map.of("term", Map.of("log", log)));
        body.put("collapse", Map.of("field", "log"));
        body.put("sort", List.of(Map.of("size", "desc")));
        return sources(es.post("/" + CHECKPOINTS + "/_search", body));
    }

    /** The notes of a log's stored checkpoints, newest first, at most {@code max}. */
    List<String> checkpointNotes(String log, int max, String order) throws IOException {
        Map<String, Object> body = Map.of("size", max, "query", Map.of("term", Map.of("log", log)),
                "sort", List.of(Map.of("size", order)), "_source", List.of("note"));
        List<String> notes = new ArrayList<>();
        sources(es.post("/" + CHECKPOINTS + "/_search", body)).forEach(s -> notes.add(s.path("note").asText()));
        return notes;
    }

    TileReader tiles(String log) {
        return tile -> {
            JsonNode doc = es.source(TILES, log + "/" + tile.path());
            if (doc == null && !tile.isFull()) {
                doc = es.source(TILES, log + "/" + new Tile(tile.level(), tile.index(), Tile.FULL_WIDTH).path());
            }
            if (doc == null) {
                throw new IOException("no tile " + tile.path() + " of " + log);
            }
            return Base64.getDecoder().decode(doc.path("hashes").asText());
        };
    }

    /** The event ids of bundle {@code n}, in leaf order (empty when missing). */
    List<String> bundle(String log, long n) throws IOException {
        JsonNode doc = es.source(BUNDLES, log + "/" + n);
        List<String> ids = new ArrayList<>();
        if (doc != null) {
            doc.path("event_ids").forEach(id -> ids.add(id.asText()));
        }
        return ids;
    }

    /**
     * The stored events (and service records) of these ids, by id: every copy's search hit, {@code _index} and
     * {@code _source}. An id is unique per index only, so an id may have copies in several dated indices: more hits
     * than ids are asked for, so that no copy pushes another one out of the page.
     */
    Map<String, List<JsonNode>> events(List<String> ids) throws IOException {
        Map<String, List<JsonNode>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<String, Object> body = Map.of("size", Math.min(10_000, 2 * ids.size() + 16), "query", Map.of("ids", Map.of("values", ids)));
        JsonNode answer = es.post("/" + EVENTS + "," + RECORDS + "/_search?allow_no_indices=true&ignore_unavailable=true", body);
        answer.path("hits").path("hits").forEach(h -> out.computeIfAbsent(h.path("_id").asText(), k -> new ArrayList<>()).add(h));
        return out;
    }

    /** Whether an index is gone from the cluster (a count on it answers 404). */
    boolean indexGone(String index) throws IOException {
        return es.postOrNull("/" + java.net.URLEncoder.encode(index, java.nio.charset.StandardCharsets.UTF_8) + "/_count",
                Map.of()) == null;
    }

    /** Every stored event's id, index and {@code event.ingested}, in pages (a scroll). */
    void scanEvents(BiConsumer<String, JsonNode> each) throws IOException {
        Map<String, Object> body = Map.of("size", 1000, "sort", List.of("_doc"), "_source", List.of("event.ingested"));
        JsonNode page = es.post("/" + EVENTS + "/_search?scroll=2m&allow_no_indices=true&ignore_unavailable=true", body);
        while (page.path("hits").path("hits").size() > 0) {
            page.path("hits").path("hits").forEach(h -> each.accept(h.path("_id").asText(), h));
            page = es.post("/_search/scroll", Map.of("scroll", "2m", "scroll_id", page.path("_scroll_id").asText()));
        }
    }

    private static List<JsonNode> sources(JsonNode answer) {
        List<JsonNode> out = new ArrayList<>();
        answer.path("hits").path("hits").forEach(h -> out.add(h.path("_source")));
        return out;
    }
}
