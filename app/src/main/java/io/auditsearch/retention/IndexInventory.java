package io.auditsearch.retention;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.CommonStatsFlag;
import co.elastic.clients.elasticsearch.indices.IndicesStatsResponse;
import co.elastic.clients.elasticsearch.indices.stats.IndexStats;
import io.auditsearch.event.EventIndexNaming;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The dated audit indices of the cluster, and nothing else: other names under the prefix are never listed. */
@Singleton
class IndexInventory {

    static final String PATTERN = EventIndexNaming.PREFIX + "-*";

    private final ElasticsearchClient client;

    IndexInventory(ElasticsearchClient client) {
        this.client = client;
    }

    /** Every {@code audit-events-yyyy.MM.dd} index, oldest period first. */
    List<AuditIndex> datedIndices() {
        IndicesStatsResponse stats;
        try {
            // docs and store only: the cheapest stats that give a count and a size per index
            stats = client.indices().stats(s -> s.index(PATTERN).metric(CommonStatsFlag.Docs, CommonStatsFlag.Store));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<AuditIndex> indices = new ArrayList<>();
        stats.indices().forEach((name, index) -> {
            Optional<LocalDate> period = EventIndexNaming.periodDateOf(name);
            IndexStats primaries = index.primaries();
            period.ifPresent(date -> indices.add(new AuditIndex(name, date, docs(primaries), bytes(primaries))));
        });
        indices.sort(Comparator.comparing(AuditIndex::periodDate));
        return indices;
    }

    private static long docs(IndexStats s) {
        return s == null || s.docs() == null ? 0 : s.docs().count();
    }

    private static long bytes(IndexStats s) {
        return s == null || s.store() == null ? 0 : s.store().sizeInBytes();
    }
}
