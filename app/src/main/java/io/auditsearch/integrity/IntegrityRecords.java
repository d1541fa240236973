package io.auditsearch.integrity;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.event.PreparedEvent;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the service appends to its own logs as leaves, like events: {@code retention.deleted}
 * (what a dated index held, written before the index is deleted) and {@code retention.hold_set},
 * {@code retention.hold_released}. A record is a document of {@value #INDEX} (outside
 * {@code audit-events-*}, so retention never deletes it), journaled before it is written, so the
 * sequencer integrates it as it does an event; {@code audit-verify walk} reads it back from its leaf.
 * With {@code audit.integrity.enabled=false} nothing is recorded.
 */
@Singleton
public class IntegrityRecords {

    /** The index of the records, as {@code index-templates/index/audit-integrity-records.json} creates it. */
    public static final String INDEX = "audit-integrity-records";
    static final String DELETED = "retention.deleted";
    static final String HOLD_SET = "retention.hold_set";
    static final String HOLD_RELEASED = "retention.hold_released";

    private static final Logger LOG = LoggerFactory.getLogger(IntegrityRecords.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long JOURNAL_WAIT_SECONDS = 30;

    private final Attribution attribution;
    private final ElasticsearchClient client;
    private final IndexLeaves leaves;
    private final Clock clock = Clock.systemUTC();

    IntegrityRecords(Attribution attribution, ElasticsearchClient client, IndexLeaves leaves) {
        this.attribution = attribution;
        this.client = client;
        this.leaves = leaves;
    }

    /**
     * Records, before a retention policy deletes {@code index}, which leaves of which logs it holds;
     * the deletion must not go ahead when this throws.
     *
     * @return the record's id, or null when integrity is off
     */
    public String deleting(String index, String policy) {
        if (!attribution.enabled()) {
            return null;
        }
        try {
            IndexLeaves.Held held = leaves.of(index);
            ObjectNode record = record(DELETED);
            record.put("index", index).put("policy", policy).put("events", held.events()).put("not_in_any_log", held.notInAnyLog());
            ArrayNode logs = record.putArray("logs");
            held.ranges().forEach((log, ranges) -> {
                ArrayNode r = logs.addObject().put("log", log).putArray("leaves");
                ranges.forEach(range -> r.addArray().add(range[0]).add(range[1]));
            });
            String id = append(record, null);
            LOG.info("Retention record {}: index {} holds {} events, {} of them in no log ({} logs)", id, index, held.events(),
                    held.notInAnyLog(), held.ranges().size());
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records that a legal hold was set (its stored document); in the hold's tenant's log when it has one. */
    public String holdSet(Map<String, Object> hold, String tenant) {
        return hold(HOLD_SET, hold, tenant);
    }

    /** Records that a legal hold was released (its stored document, with who released it and when). */
    public String holdReleased(Map<String, Object> hold, String tenant) {
        return hold(HOLD_RELEASED, hold, tenant);
    }

    private String hold(String kind, Map<String, Object> hold, String tenant) {
        if (!attribution.enabled()) {
            return null;
        }
        ObjectNode record = record(kind);
        record.set("hold", JSON.valueToTree(hold));
        return append(record, tenant);
    }

    private ObjectNode record(String kind) {
        ObjectNode record = JSON.createObjectNode();
        record.put("kind", kind).put("recorded_at", clock.instant().toString());
        return record;
    }

    /** Journals the record, then writes it (refreshed), then tells the journal it is stored. */
    private String append(ObjectNode record, String tenant) {
        if (tenant != null) {
            record.putObject("organization").put("id", tenant);
        }
        String id = "record-" + UUID.randomUUID();
        try {
            byte[] source = JSON.writeValueAsBytes(record);
            attribution.beforeWrite(List.of(new PreparedEvent(id, INDEX, Instant.parse(record.path("recorded_at").asText()), source)))
                    .get(JOURNAL_WAIT_SECONDS, TimeUnit.SECONDS);
            client.index(i -> i.index(INDEX).id(id).opType(OpType.Create).refresh(Refresh.True)
                    .document(BinaryData.of(source, ContentType.APPLICATION_JSON)));
            attribution.stored(List.of(id));
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new UncheckedIOException(new IOException("the integrity journal did not take record " + id + ": " + e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while recording " + id, e));
        }
    }
}
