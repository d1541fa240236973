package io.auditsearch.integrity;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.ScrollResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which leaves of which logs (of every instance) the events of one dated index are: its ids read
 * in pages, each page looked up in the entry bundles. What a deletion record says was deleted.
 */
@Singleton
class IndexLeaves {

    private static final int PAGE = 1000;

    private final ElasticsearchClient client;

    IndexLeaves(ElasticsearchClient client) {
        this.client = client;
    }

    /** What an index holds: per log its leaves as {@code [first, last]} ranges, the event count, the ids in no log. */
    record Held(Map<String, List<long[]>> ranges, long events, long notInAnyLog) {
    }

    Held of(String index) throws IOException {
        Map<String, TreeSet<Long>> leaves = new TreeMap<>();
        long events = 0;
        long unlogged = 0;
        SearchResponse<Void> page = client.search(s -> s.index(index).size(PAGE).source(src -> src.fetch(false))
                .sort(o -> o.doc(d -> d)).scroll(t -> t.time("2m")), Void.class);
        String scroll = page.scrollId();
        List<Hit<Void>> hits = page.hits().hits();
        try {
            while (!hits.isEmpty()) {
                List<String> ids = hits.stream().map(Hit::id).toList();
                events += ids.size();
                unlogged += ids.size() - lookUp(ids, leaves);
                String id = scroll;
                ScrollResponse<Void> next = client.scroll(r -> r.scrollId(id).scroll(t -> t.time("2m")), Void.class);
                scroll = next.scrollId();
                hits = next.hits().hits();
            }
        } finally {
            if (scroll != null) {
                String id = scroll;
                client.clearScroll(c -> c.scrollId(id));
            }
        }
        Map<String, List<long[]>> ranges = new TreeMap<>();
        leaves.forEach((log, set) -> ranges.put(log, ranges(set)));
        return new Held(ranges, events, unlogged);
    }

    /** Adds the leaves of these ids to {@code into}; returns how many ids are in some log. */
    private int lookUp(List<String> ids, Map<String, TreeSet<Long>> into) throws IOException {
        Set<String> wanted = new HashSet<>(ids);
        Set<String> found = new HashSet<>();
        List<FieldValue> values = ids.stream().map(FieldValue::of).toList();
        // a bundle holds 256 ids, so at most one bundle per id matches (per log)
        SearchResponse<ObjectNode> bundles = client.search(s -> s.index(IntegrityStore.BUNDLES).size(10_000)
                .query(q -> q.terms(t -> t.field("event_ids").terms(v -> v.value(values)))), ObjectNode.class);
        for (Hit<ObjectNode> hit : bundles.hits().hits()) {
            String log = hit.source().path("log").asText();
            long first = hit.source().path("first_leaf").asLong();
            JsonNode bundle = hit.source().path("event_ids");
            for (int i = 0; i < bundle.size(); i++) {
                String id = bundle.get(i).asText();
                if (wanted.contains(id)) {
                    into.computeIfAbsent(log, l -> new TreeSet<>()).add(first + i);
                    found.add(id);
                }
            }
        }
        return found.size();
    }

    static List<long[]> ranges(TreeSet<Long> leaves) {
        List<long[]> out = new ArrayList<>();
        long[] current = null;
        for (long leaf : leaves) {
            if (current != null && leaf == current[1] + 1) {
                current[1] = leaf;
            } else {
                current = new long[] {leaf, leaf};
                out.add(current);
            }
        }
        return out;
    }
}
