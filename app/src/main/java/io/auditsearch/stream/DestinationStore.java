package io.auditsearch.stream;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jakarta.inject.Singleton;

/** The destinations in {@code audit-streams}, one document each (id = destination id), through the typed client. */
@Singleton
class DestinationStore {

    static final String INDEX = "audit-streams";
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Class<Map<String, Object>> DOCUMENT = (Class) Map.class;

    private final ElasticsearchClient client;

    DestinationStore(ElasticsearchClient client) {
        this.client = client;
    }

    void create(Destination d) throws IOException {
        client.index(i -> i.index(INDEX).id(d.id()).document(document(d)).refresh(Refresh.WaitFor));
    }

    Optional<Destination> get(String id) throws IOException {
        var r = client.get(g -> g.index(INDEX).id(id), DOCUMENT);
        return r.found() && r.source() != null ? Optional.of(destination(r.source())) : Optional.empty();
    }

    List<Destination> list() throws IOException {
        var r = client.search(s -> s.index(INDEX).ignoreUnavailable(true).size(1000).sort(o -> o.field(f -> f.field("created_at"))),
                DOCUMENT);
        return r.hits().hits().stream().map(Hit::source).filter(Objects::nonNull).map(DestinationStore::destination).toList();
    }

    void state(String id, String state) throws IOException {
        Map<String, Object> change = Map.of("state", state, "updated_at", Instant.now().toString());
        client.update(u -> u.index(INDEX).id(id).doc(change).refresh(Refresh.WaitFor), DOCUMENT);
    }

    boolean delete(String id) throws IOException {
        return client.delete(d -> d.index(INDEX).id(id).refresh(Refresh.WaitFor)).result().jsonValue().equals("deleted");
    }

    private static Map<String, Object> document(Destination d) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", d.id());
        doc.put("name", d.name());
        doc.put("type", d.type());
        doc.put("format", d.format());
        if (d.url() != null) {
            doc.put("url", d.url());
        }
        doc.put("secrets", d.secrets());
        doc.put("options", d.options());
        Map<String, Object> filter = new LinkedHashMap<>();
        StreamFilter f = d.filter();
        putIf(filter, "tenant", f.tenant());
        putIf(filter, "action_prefix", f.actionPrefix());
        putIf(filter, "category", f.category());
        putIf(filter, "outcome", f.outcome());
        putIf(filter, "level", f.level());
        doc.put("filter", filter);
        doc.put("state", d.state());
        doc.put("created_at", d.createdAt().toString());
        doc.put("created_by", d.createdBy());
        return doc;
    }

    private static void putIf(Map<String, Object> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    @SuppressWarnings("unchecked")
    private static Destination destination(Map<String, Object> doc) {
        Map<String, Object> f = (Map<String, Object>) doc.getOrDefault("filter", Map.of());
        Map<String, String> options = new LinkedHashMap<>();
        ((Map<String, Object>) doc.getOrDefault("options", Map.of())).forEach((k, v) -> options.put(k, String.valueOf(v)));
        return new Destination((String) doc.get("id"), (String) doc.get("name"), (String) doc.get("type"), (String) doc.get("format"),
                (String) doc.get("url"), List.copyOf((List<String>) doc.getOrDefault("secrets", List.of())), Map.copyOf(options),
                new StreamFilter((String) f.get("tenant"), (String) f.get("action_prefix"), (String) f.get("category"),
                        (String) f.get("outcome"), (String) f.get("level")),
                (String) doc.get("state"), Instant.parse((String) doc.get("created_at")), (String) doc.get("created_by"));
    }
}
