package io.auditsearch.ingest;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.ResponseListener;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditsearch.event.PreparedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@code _bulk} request's events as one NDJSON body built straight from their prepared
 * bytes, and reads back only each item's status and error ({@code filter_path}). The typed
 * BulkRequest would map every document again and parse the full response: on a 2-core box that
 * CPU is taken from Elasticsearch itself, and this path must run close to a direct {@code _bulk}.
 * Every item of every response is still checked and reported to its event.
 */
@Singleton
public class RawBulkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RawBulkWriter.class);
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    private static final String FILTER = "errors,items.*.status,items.*.error.type,items.*.error.reason";
    private static final byte[] CREATE_INDEX = "{\"create\":{\"_index\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\",\"_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_ACTION = "\"}}\n".getBytes(StandardCharsets.US_ASCII);
    /** The action line's fixed bytes and the newline after the source. */
    private static final int ACTION_BYTES = CREATE_INDEX.length + ID.length + END_ACTION.length + 1;

    private final Rest5Client client;
    private final IngestConfiguration config;
    private final Semaphore inFlight;
    private final ObjectMapper json = new ObjectMapper();
    private final MeterRegistry metrics;

    RawBulkWriter(Rest5Client client, IngestConfiguration config, MeterRegistry metrics) {
        this.client = client;
        this.config = config;
        this.metrics = metrics;
        this.inFlight = new Semaphore(config.getBulkMaxConcurrentRequests());
    }

    /**
     * Sends the events in bulk requests of at most the configured operations and bytes.
     *
     * @param path what sends them ({@code direct} from a request, {@code spool} from the shipper), a metrics tag
     * @return one future per event, in the order of {@code events}
     */
    public List<CompletableFuture<IndexOutcome>> write(List<PreparedEvent> events, String path) {
        List<CompletableFuture<IndexOutcome>> outcomes = new ArrayList<>(events.size());
        int from = 0;
        while (from < events.size()) {
            int to = from;
            long bytes = 0;
            while (to < events.size() && to - from < config.getBulkMaxOperations()
                    && (to == from || bytes + events.get(to).source().length < config.getBulkMaxBytes())) {
                bytes += events.get(to).source().length + 100;
                to++;
            }
            outcomes.addAll(send(events.subList(from, to), path));
            from = to;
        }
        return outcomes;
    }

    private List<CompletableFuture<IndexOutcome>> send(List<PreparedEvent> events, String path) {
        List<CompletableFuture<IndexOutcome>> outcomes = new ArrayList<>(events.size());
        events.forEach(e -> outcomes.add(new CompletableFuture<>()));
        Request request = new Request("POST", "/_bulk");
        request.addParameter("filter_path", FILTER);
        request.setEntity(new ByteArrayEntity(body(events), NDJSON));
        inFlight.acquireUninterruptibly();
        Timer.Sample sample = Timer.start(metrics);
        client.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                inFlight.release();
                sample.stop(metrics.timer("audit.elasticsearch.bulk", "path", path, "outcome", "answered"));
                complete(outcomes, response);
            }

            @Override
            public void onFailure(Exception failure) {
                inFlight.release();
                sample.stop(metrics.timer("audit.elasticsearch.bulk", "path", path, "outcome", "failed"));
                int status = failure instanceof ResponseException re ? re.getResponse().getStatusCode() : 503;
                errors(status == 429 ? "es_rejected_execution_exception" : "unavailable").increment(events.size());
                LOG.warn("Bulk request of {} events failed: {}", events.size(), failure.toString());
                IndexOutcome outcome = IndexOutcome.failed(status == 429 ? 429 : 503,
                        status == 429 ? "es_rejected_execution_exception" : "elasticsearch_unavailable",
                        "Elasticsearch did not take the bulk request: " + failure.getMessage());
                outcomes.forEach(o -> o.complete(outcome));
            }
        });
        return outcomes;
    }

    /** Action line + source per event; ids and index names are validated to need no JSON escaping (ASCII, no quotes). */
    private static byte[] body(List<PreparedEvent> events) {
        int size = 0;
        for (PreparedEvent e : events) {
            size += e.source().length + e.id().length() + e.index().length() + ACTION_BYTES;
        }
        byte[] body = new byte[size];
        int at = 0;
        for (PreparedEvent e : events) {
            at = put(body, at, CREATE_INDEX);
            at = putAscii(body, at, e.index());
            at = put(body, at, ID);
            at = putAscii(body, at, e.id());
            at = put(body, at, END_ACTION);
            at = put(body, at, e.source());
            body[at++] = '\n';
        }
        return body;
    }

    private static int put(byte[] body, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, body, at, bytes.length);
        return at + bytes.length;
    }

    private static int putAscii(byte[] body, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            body[at++] = (byte) text.charAt(i);
        }
        return at;
    }

    private void complete(List<CompletableFuture<IndexOutcome>> outcomes, Response response) {
        try (InputStream in = response.getEntity().getContent()) {
            JsonNode body = json.readTree(in);
            if (!body.path("errors").asBoolean(true)) {
                outcomes.forEach(o -> o.complete(IndexOutcome.CREATED)); // filter_path left no items to read
                return;
            }
            JsonNode items = body.path("items");
            for (int i = 0; i < outcomes.size(); i++) {
                outcomes.get(i).complete(i < items.size() ? outcomeOf(items.get(i).path("create"))
                        : IndexOutcome.failed(502, "missing_item", "Elasticsearch returned fewer items than sent"));
            }
        } catch (IOException | RuntimeException e) {
            IndexOutcome outcome = IndexOutcome.failed(502, "bad_bulk_response", "unreadable bulk response: " + e.getMessage());
            outcomes.forEach(o -> o.complete(outcome));
        }
    }

    private IndexOutcome outcomeOf(JsonNode item) {
        int status = item.path("status").asInt(502);
        String type = item.path("error").path("type").asText(null);
        IndexOutcome outcome = IndexOutcome.of(status, type, item.path("error").path("reason").asText(null));
        if (!outcome.stored()) {
            errors(outcome.errorType()).increment();
        }
        return outcome;
    }

    private Counter errors(String type) {
        return metrics.counter("audit.elasticsearch.errors", "type", type);
    }
}
