package io.auditsearch.integrity;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.event.EventIndexNaming;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads one stored event's {@code _source} by {@code event.id} across the dated indices. */
@Singleton
class EventReader {

    private final ElasticsearchClient client;

    EventReader(ElasticsearchClient client) {
        this.client = client;
    }

    /** The stored events of these ids (one search), by id; missing ones are left out. */
    Map<String, ObjectNode> byIds(List<String> ids) {
        Map<String, ObjectNode> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try {
            var response = client.search(s -> s.index(EventIndexNaming.PREFIX + "-*").allowNoIndices(true).ignoreUnavailable(true)
                    .size(ids.size()).query(q -> q.ids(i -> i.values(ids))), ObjectNode.class);
            response.hits().hits().forEach(h -> out.putIfAbsent(h.id(), h.source()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<ObjectNode> byId(String id) {
        try {
            var response = client.search(s -> s.index(EventIndexNaming.PREFIX + "-*").allowNoIndices(true).ignoreUnavailable(true)
                    .size(1).query(q -> q.ids(i -> i.values(id))), ObjectNode.class);
            return response.hits().hits().stream().findFirst().map(h -> h.source());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
