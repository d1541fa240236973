package io.auditsearch.integrity;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.verify.tiles.Tile;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The integrity indices in Elasticsearch (see docs/adr/integrity-storage.md): tiles and entry
 * bundles by id, checkpoints by log and size. Everything read back is untrusted: proofs built from
 * it are checked against a signed checkpoint.
 */
@Singleton
class IntegrityStore {

    static final String TILES = "audit-integrity-tiles";
    static final String BUNDLES = "audit-integrity-bundles";
    static final String CHECKPOINTS = "audit-integrity-checkpoints";

    private final ElasticsearchClient client;

    IntegrityStore(ElasticsearchClient client) {
        this.client = client;
    }

    /** The stored {@code _source} of events by (index, id); absent ones (or whose index is gone) are left out. */
    Map<String, ObjectNode> events(List<JournalEntry> entries) {
        Map<String, ObjectNode> found = new HashMap<>();
        if (entries.isEmpty()) {
            return found;
        }
        MgetResponse<ObjectNode> response = io(() -> client.mget(m -> {
            entries.forEach(e -> m.docs(d -> d.index(e.index()).id(e.id())));
            return m;
        }, ObjectNode.class));
        for (MultiGetResponseItem<ObjectNode> item : response.docs()) {
            if (item.isResult() && item.result().found() && item.result().source() != null) {
                found.put(item.result().index() + "/" + item.result().id(), item.result().source());
            }
        }
        return found;
    }

    void putTiles(String log, Map<Tile, byte[]> tiles) {
        bulk(TILES, false, tiles.entrySet().stream().map(e -> Map.entry(tileId(log, e.getKey()), (Object) Map.of(
                "log", log, "level", e.getKey().level(), "index", e.getKey().index(), "width", e.getKey().width(),
                "hashes", Base64.getEncoder().encodeToString(e.getValue())))).toList());
    }

    /** A tile's bytes: the exact version, else the full tile, else a wider partial one (same first hashes). */
    byte[] readTile(String log, Tile tile) throws IOException {
        Optional<byte[]> exact = tileDoc(tileId(log, tile));
        if (exact.isPresent() || tile.isFull()) {
            return exact.orElseThrow(() -> new IOException("no tile " + tile.path() + " of " + log));
        }
        Optional<byte[]> full = tileDoc(tileId(log, new Tile(tile.level(), tile.index(), Tile.FULL_WIDTH)));
        if (full.isPresent()) {
            return full.get();
        }
        var wider = client.search(s -> s.index(TILES).size(1)
                .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("log").value(log)))
                        .filter(f -> f.term(t -> t.field("level").value(tile.level())))
                        .filter(f -> f.term(t -> t.field("index").value(tile.index())))
                        .filter(f -> f.range(r -> r.number(n -> n.field("width").gte((double) tile.width()))))))
                .sort(o -> o.field(f -> f.field("width").order(SortOrder.Asc))), ObjectNode.class);
        return wider.hits().hits().stream().findFirst().map(h -> Base64.getDecoder().decode(h.source().path("hashes").asText()))
                .orElseThrow(() -> new IOException("no tile " + tile.path() + " of " + log));
    }

    private Optional<byte[]> tileDoc(String id) throws IOException {
        GetResponse<ObjectNode> doc = client.get(g -> g.index(TILES).id(id), ObjectNode.class);
        return doc.found() ? Optional.of(Base64.getDecoder().decode(doc.source().path("hashes").asText())) : Optional.empty();
    }

    static String tileId(String log, Tile tile) {
        return log + "/" + tile.path();
    }

    /** The event ids of bundle {@code n} (leaves {@code 256 n} to {@code 256 n + 255}) as stored, in leaf order. */
    List<String> bundle(String log, long n) {
        GetResponse<ObjectNode> doc = io(() -> client.get(g -> g.index(BUNDLES).id(log + "/" + n), ObjectNode.class));
        List<String> ids = new ArrayList<>();
        if (doc.found()) {
            doc.source().path("event_ids").forEach(id -> ids.add(id.asText()));
        }
        return ids;
    }

    void putBundles(String log, Map<Long, List<String>> bundles) {
        bulk(BUNDLES, true, bundles.entrySet().stream().map(e -> Map.entry(log + "/" + e.getKey(), (Object) Map.of(
                "log", log, "first_leaf", e.getKey() * Tile.FULL_WIDTH, "event_ids", e.getValue(),
                "width", e.getValue().size()))).toList());
    }

    /** Where an event id is a leaf: {@code log -> leaf index}, for every log that holds it. */
    Map<String, Long> leaves(String eventId) {
        var response = io(() -> client.search(s -> s.index(BUNDLES).size(20)
                .query(q -> q.term(t -> t.field("event_ids").value(eventId))), ObjectNode.class));
        Map<String, Long> out = new LinkedHashMap<>();
        for (Hit<ObjectNode> hit : response.hits().hits()) {
            JsonNode ids = hit.source().path("event_ids");
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i).asText().equals(eventId)) {
                    out.putIfAbsent(hit.source().path("log").asText(), hit.source().path("first_leaf").asLong() + i);
                }
            }
        }
        return out;
    }

    void putCheckpoint(StoredCheckpoint c) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("log", c.log());
        doc.put("instance", c.instance());
        doc.put("tenant", c.tenant());
        doc.put("size", c.size());
        doc.put("root", Base64.getEncoder().encodeToString(c.root()));
        doc.put("note", c.note());
        doc.put("signed_at", c.signedAt().toString());
        doc.put("verifier_key", c.verifierKey());
        bulk(CHECKPOINTS, true, List.of(Map.entry(checkpointId(c.log(), c.size()), (Object) doc)));
    }

    static String checkpointId(String log, long size) {
        return log + "/" + String.format("%020d", size);
    }

    Optional<StoredCheckpoint> latestCheckpoint(String log) {
        var response = io(() -> client.search(s -> s.index(CHECKPOINTS).size(1).ignoreUnavailable(true)
                .query(q -> q.term(t -> t.field("log").value(log)))
                .sort(o -> o.field(f -> f.field("size").order(SortOrder.Desc))), ObjectNode.class));
        return response.hits().hits().stream().findFirst().map(h -> StoredCheckpoint.of(h.source()));
    }

    Optional<StoredCheckpoint> checkpoint(String log, long size) {
        GetResponse<ObjectNode> doc = io(() -> client.get(g -> g.index(CHECKPOINTS).id(checkpointId(log, size)), ObjectNode.class));
        return doc.found() ? Optional.of(StoredCheckpoint.of(doc.source())) : Optional.empty();
    }

    /** The latest checkpoint of every log in the cluster (all instances), optionally of one tenant only. */
    List<StoredCheckpoint> logs(Optional<String> tenant) {
        var response = io(() -> client.search(s -> s.index(CHECKPOINTS).size(0).ignoreUnavailable(true)
                .query(q -> tenant.map(t -> q.term(tq -> tq.field("tenant").value(t))).orElseGet(() -> q.matchAll(m -> m)))
                .aggregations("logs", a -> a.terms(t -> t.field("log").size(10_000))
                        .aggregations("latest", l -> l.topHits(th -> th.size(1)
                                .sort(o -> o.field(f -> f.field("size").order(SortOrder.Desc)))))), Void.class));
        List<StoredCheckpoint> out = new ArrayList<>();
        response.aggregations().get("logs").sterms().buckets().array().forEach(b -> b.aggregations().get("latest").topHits()
                .hits().hits().forEach(h -> out.add(StoredCheckpoint.of(h.source().to(ObjectNode.class)))));
        return out;
    }

    private void bulk(String index, boolean refresh, List<Map.Entry<String, Object>> docs) {
        if (docs.isEmpty()) {
            return;
        }
        BulkRequest.Builder b = new BulkRequest.Builder();
        if (refresh) {
            // searchable before the next step (a checkpoint only after its bundles); refreshed now, not wait_for: the
            // sequencer writes per tenant per round, and waiting for the scheduled refresh each time capped integration
            b.refresh(Refresh.True);
        }
        docs.forEach(d -> b.operations(op -> op.index(i -> i.index(index).id(d.getKey()).document(d.getValue()))));
        BulkResponse response = io(() -> client.bulk(b.build()));
        if (response.errors()) {
            String why = response.items().stream().filter(i -> i.error() != null).findFirst()
                    .map(i -> i.error().type() + ": " + i.error().reason()).orElse("?");
            throw new UncheckedIOException(new IOException("writing " + index + " failed: " + why));
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private static <T> T io(Call<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
