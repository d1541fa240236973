package io.auditsearch.verify.walk;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.verify.note.NoteVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code audit-verify walk --elasticsearch URL}: every log of the cluster (or one) walked against
 * its latest checkpoint, then, for the whole cluster, every stored event that is in no log and was
 * ingested before the settle time ago (so not merely waiting for its checkpoint) reported as inserted.
 * Logged events that are gone are reported deleted, unless a retention record of a walked log covers
 * them (one log walked: only that log's records count).
 */
public final class ClusterWalk {
    /** Stored checkpoints checked for consistency with the latest, besides the oldest. */
    private static final int RECENT_CHECKPOINTS = 100;

    private final IntegrityIndices store;
    private final NoteVerifier verifier;
    private final WalkReport report;

    public ClusterWalk(String url, Map<String, String> env, NoteVerifier verifier, PrintStream out) {
        this.store = new IntegrityIndices(new ElasticsearchHttp(url, env));
        this.verifier = verifier;
        this.report = new WalkReport(out);
    }

    /**
     * Walks and prints; true when nothing failed.
     *
     * @param log    one log's origin, or null for every log and the insert check
     * @param kept   checkpoint notes the auditor kept earlier (each checked against its log's latest)
     * @param settle how old an event not in any log must be to count as inserted
     * @param since  events ingested before this are not checked for insertion (null: all)
     */
    public boolean run(String log, List<String> kept, Duration settle, Instant since) throws IOException {
        List<JsonNode> latest = store.latestCheckpoints(log);
        if (log != null && latest.isEmpty()) {
            report.fail("no checkpoint of log " + log);
        }
        Set<String> seen = new HashSet<>();
        ServiceRecords records = new ServiceRecords();
        for (JsonNode doc : latest) {
            String origin = doc.path("log").asText();
            // stored checkpoints are read after the latest: a running service may have signed newer ones since
            long latestSize = sizeOf(doc.path("note").asText());
            List<String> notes = new ArrayList<>();
            for (String stored : store.checkpointNotes(origin, 1, "asc")) {
                notes.add(stored);
            }
            for (String stored : store.checkpointNotes(origin, RECENT_CHECKPOINTS, "desc")) {
                if (sizeOf(stored) <= latestSize) {
                    notes.add(stored);
                }
            }
            for (String k : kept) {
                if (k.startsWith(origin + "\n")) {
                    notes.add(k);
                }
            }
            new LogWalk(store, verifier, report, records).walk(origin, doc.path("note").asText(), notes, seen);
        }
        records.report(report, store);
        if (log == null) {
            Instant settled = Instant.now().minus(settle);
            store.scanEvents((id, hit) -> {
                if (seen.contains(id)) {
                    return;
                }
                Instant ingested = ingested(hit);
                if (since != null && ingested != null && ingested.isBefore(since)) {
                    return;
                }
                if (ingested == null || ingested.isBefore(settled) || ingested.isAfter(Instant.now().plusSeconds(300))) {
                    report.inserted(id, hit.path("_index").asText());
                }
            });
        }
        report.close(latest.size());
        return report.ok();
    }

    private static Instant ingested(JsonNode hit) {
        JsonNode v = hit.path("_source").path("event").path("ingested");
        if (v.isMissingNode()) {
            v = hit.path("_source").path("event.ingested");
        }
        try {
            return v.isTextual() ? Instant.parse(v.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The tree size line of a checkpoint note (its second line), or 0 when unreadable (then checked, and reported, as any). */
    private static long sizeOf(String note) {
        String[] lines = note.split("\n", 3);
        try {
            return lines.length > 1 ? Long.parseLong(lines[1].trim()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
