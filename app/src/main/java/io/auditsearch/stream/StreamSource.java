package io.auditsearch.stream;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.integrity.JournalFeed;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads what a stream sends next, in this instance's acceptance order: the journal's entries after
 * the cursor up to the first one whose outcome is not known yet (so order holds), dropped ones
 * skipped, the documents read as stored with one {@code mget}, the destination's filter applied.
 */
@Singleton
class StreamSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JournalFeed journal;
    private final ElasticsearchClient client;

    StreamSource(JournalFeed journal, ElasticsearchClient client) {
        this.journal = journal;
        this.client = client;
    }

    boolean available() {
        return journal.available();
    }

    long lastSeq() {
        return journal.lastSeq();
    }

    long seqBefore(Instant from) {
        return journal.seqBefore(from);
    }

    /** When the oldest event after the cursor was accepted, if there is one. */
    Optional<Instant> oldestAfter(long cursor) {
        return journal.after(cursor, 1).stream().findFirst().map(JournalFeed.Entry::recordedAt);
    }

    /**
     * The next batch after {@code cursor}: the events to send and the seq the cursor may move to
     * once they are acknowledged (past filtered-out, dropped and vanished entries too).
     */
    Batch next(long cursor, int max, StreamFilter filter, Duration pendingGrace) {
        List<JournalFeed.Entry> ready = new ArrayList<>();
        Instant stale = Instant.now().minus(pendingGrace);
        for (JournalFeed.Entry e : journal.after(cursor, max)) {
            // an outcome never recorded (the instance stopped first) is settled by reading Elasticsearch once it is old
            boolean orphan = e.outcome() == JournalFeed.Outcome.PENDING && e.recordedAt().isBefore(stale);
            if (e.outcome().unresolved() && !orphan) {
                break;
            }
            ready.add(e);
        }
        if (ready.isEmpty()) {
            return new Batch(List.of(), cursor);
        }
        long through = ready.getLast().seq();
        List<JournalFeed.Entry> stored = ready.stream().filter(e -> e.outcome() != JournalFeed.Outcome.DROPPED).toList();
        Map<String, ObjectNode> found = read(stored);
        List<StreamedEvent> events = new ArrayList<>();
        for (JournalFeed.Entry e : stored) {
            ObjectNode source = found.get(e.index() + "/" + e.id());
            // absent: its index is gone (retention), so there is nothing left to send
            if (source != null && filter.matches(source)) {
                events.add(new StreamedEvent(e.seq(), e.id(), Optional.ofNullable(e.tenant()), bytes(source),
                        Optional.ofNullable(e.log()), e.leaf() == null ? OptionalLong.empty() : OptionalLong.of(e.leaf())));
            }
        }
        return new Batch(events, through);
    }

    private Map<String, ObjectNode> read(List<JournalFeed.Entry> entries) {
        Map<String, ObjectNode> found = new HashMap<>();
        if (entries.isEmpty()) {
            return found;
        }
        try {
            MgetResponse<ObjectNode> response = client.mget(m -> {
                entries.forEach(e -> m.docs(d -> d.index(e.index()).id(e.id())));
                return m;
            }, ObjectNode.class);
            for (MultiGetResponseItem<ObjectNode> item : response.docs()) {
                if (item.isResult() && item.result().found() && item.result().source() != null) {
                    found.put(item.result().index() + "/" + item.result().id(), item.result().source());
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(ObjectNode source) {
        try {
            return JSON.writeValueAsBytes(source);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param events  what to send, in order
     * @param through the cursor once these are acknowledged
     */
    record Batch(List<StreamedEvent> events, long through) {
    }
}
