package io.auditsearch.verify.walk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service's own records found as verified leaves during a walk ({@code retention.deleted},
 * {@code retention.hold_set}, {@code retention.hold_released}), and the logged events found missing.
 * A missing event counts as deleted by retention policy only when a deletion record names its leaf
 * in its log and the record's index is really gone; every other missing event is reported deleted.
 */
final class ServiceRecords {
    static final String DELETED = "retention.deleted";
    static final String HOLD_SET = "retention.hold_set";
    static final String HOLD_RELEASED = "retention.hold_released";

    private record Deletion(String index, String record, long first, long last) {
    }

    private record Missing(String log, long leaf, String id) {
    }

    private final Map<String, List<Deletion>> deletions = new HashMap<>();
    private final List<Missing> missing = new ArrayList<>();
    private long deletionRecords;
    private long holdsSet;
    private long holdsReleased;

    /** A record that is a leaf whose hash matched: what it says now counts. */
    void record(String id, JsonNode source) {
        switch (source.path("kind").asText()) {
            case DELETED -> {
                deletionRecords++;
                String index = source.path("index").asText();
                for (JsonNode log : source.path("logs")) {
                    List<Deletion> of = deletions.computeIfAbsent(log.path("log").asText(), l -> new ArrayList<>());
                    for (JsonNode range : log.path("leaves")) {
                        of.add(new Deletion(index, id, range.path(0).asLong(), range.path(1).asLong()));
                    }
                }
            }
            case HOLD_SET -> holdsSet++;
            case HOLD_RELEASED -> holdsReleased++;
            default -> {
                // a record kind this verifier does not know proves nothing here
            }
        }
    }

    /** A logged event not in Elasticsearch; judged once every log (and so every record) was read. */
    void missing(String log, long leaf, String id) {
        missing.add(new Missing(log, leaf, id));
    }

    void report(WalkReport report, IntegrityIndices store) throws IOException {
        Map<String, Boolean> gone = new HashMap<>();
        Map<String, Long> byIndex = new TreeMap<>();
        for (Missing m : missing) {
            Deletion by = null;
            for (Deletion d : deletions.getOrDefault(m.log(), List.of())) {
                if (m.leaf() >= d.first() && m.leaf() <= d.last()) {
                    if (!gone.containsKey(d.index())) {
                        gone.put(d.index(), store.indexGone(d.index()));
                    }
                    if (gone.get(d.index())) {
                        by = d;
                        break;
                    }
                }
            }
            if (by == null) {
                report.deleted(m.log(), m.leaf(), m.id());
            } else {
                byIndex.merge(by.index(), 1L, Long::sum);
            }
        }
        report.records(deletionRecords, holdsSet, holdsReleased, byIndex);
    }
}
