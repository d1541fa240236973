package io.auditsearch.export;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseListener;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.auditsearch.problem.ApiException;
import io.auditsearch.search.EventQueryBuilder;
import io.auditsearch.search.SearchFailures;
import io.micronaut.http.HttpStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export body, pulled page by page ({@link #next()}): one point-in-time page at a time, oldest
 * first, so memory holds one page (and the next one being fetched) whatever the export's size.
 * While a page is being written, the next one is already requested from Elasticsearch.
 *
 * <p>Pages are requested with the client's builders but read with Jackson's streaming parser from the
 * raw answer (filter_path keeps only {@code _source} and {@code sort}): NDJSON copies each
 * {@code _source} token by token, without building objects, which is what lets an export keep pace
 * with Elasticsearch.
 */
final class ExportStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExportStream.class);
    private static final JsonFactory JSON = new JsonFactory();

    /** One page as Elasticsearch answered it. */
    private record Page(byte[] body) {
    }

    private final Rest5Client client;
    private final JsonpMapper mapper;
    private final Query query;
    private final String pit;
    private final int pageSize;
    private final String keepAlive;
    private final ExportFormat format;
    private final Runnable onClose;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 22);
    private final AtomicBoolean closed = new AtomicBoolean();

    private CompletableFuture<Page> pending;
    private byte[] buffer;
    private int position;
    private boolean lastPageFetched;
    private volatile long written; // one writer (the page reader); read when the stream ends

    ExportStream(Rest5Client client, JsonpMapper mapper, Query query, String pit, int pageSize, String keepAlive,
                 ExportFormat format, Runnable onClose) {
        this.client = client;
        this.mapper = mapper;
        this.query = query;
        this.pit = pit;
        this.pageSize = pageSize;
        this.keepAlive = keepAlive;
        this.format = format;
        this.onClose = onClose;
        // the first page is awaited here, so a refused query is still an error response, not a broken body
        this.pending = CompletableFuture.completedFuture(await(fetch(null)));
        format.begin(out);
        this.buffer = out.toByteArray();
        this.position = 0;
    }

    private CompletableFuture<Page> fetch(List<FieldValue> after) {
        SearchRequest search = SearchRequest.of(b -> {
            // time order through a point-in-time: the same snapshot from the first page to the last
            b.pit(p -> p.id(pit).keepAlive(k -> k.time(keepAlive))).query(query).size(pageSize)
                    .sort(EventQueryBuilder.sort(true)).trackTotalHits(t -> t.enabled(false));
            if (after != null) {
                b.searchAfter(after);
            }
            return b;
        });
        Request request = new Request("POST", "/_search");
        request.addParameter("filter_path", "hits.hits._source,hits.hits.sort");
        request.setJsonEntity(JsonpUtils.toJsonString(search, mapper));
        CompletableFuture<Page> page = new CompletableFuture<>();
        client.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                try {
                    page.complete(new Page(EntityUtils.toByteArray(response.getEntity())));
                } catch (IOException e) {
                    page.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Exception e) {
                page.completeExceptionally(e);
            }
        });
        return page;
    }

    private boolean fill() throws IOException {
        if (pending == null) {
            return false;
        }
        Page page = await(pending);
        out.reset();
        int count = 0;
        long lastTime = 0;
        String lastId = null;
        try (JsonParser p = JSON.createParser(page.body())) {
            // {"hits":{"hits":[{"_source":{...},"sort":[ts,"id"]}, ...]}} (an empty result is {})
            if (p.nextToken() == JsonToken.START_OBJECT && seekField(p, "hits") && p.nextToken() == JsonToken.START_OBJECT
                    && seekField(p, "hits") && p.nextToken() == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        if (name.equals("_source")) {
                            format.write(p);
                        } else if (name.equals("sort")) {
                            p.nextToken();
                            lastTime = p.getLongValue();
                            p.nextToken();
                            lastId = p.getText();
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                p.skipChildren();
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    count++;
                }
            }
        }
        format.endPage();
        if (count == pageSize) {
            pending = fetch(List.of(FieldValue.of(lastTime), FieldValue.of(lastId)));
        } else {
            pending = null;
            lastPageFetched = true;
        }
        written += count;
        buffer = out.toByteArray();
        position = 0;
        return true;
    }

    /** Moves to the value of field {@code name} of the current object, skipping the others. */
    private static boolean seekField(JsonParser p, String name) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (p.currentName().equals(name)) {
                return true;
            }
            p.nextToken();
            p.skipChildren();
        }
        return false;
    }

    private static Page await(CompletableFuture<Page> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            RuntimeException failure = SearchFailures.translate(e);
            throw failure instanceof ApiException problem ? translate(problem) : failure;
        }
    }

    /** Elasticsearch refused a page: the problem it names, as search would report it (an expired PIT is the export's own). */
    private static ApiException translate(ApiException problem) {
        if (problem.slug().equals("cursor_expired")) {
            return new ApiException(HttpStatus.GONE, "export_expired", "The export's point-in-time expired",
                    "the export was read more slowly than its keep-alive allows");
        }
        return problem;
    }

    /** The next part of the body (the CSV header, then one page each time), or null at the end. */
    byte[] next() throws IOException {
        while (position >= buffer.length) {
            if (closed.get() || !fill()) {
                close();
                return null;
            }
        }
        byte[] part = position == 0 ? buffer : java.util.Arrays.copyOfRange(buffer, position, buffer.length);
        position = buffer.length;
        return part;
    }

    /** Events read into the stream so far (all of them once it is exhausted). */
    long written() {
        return written;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (!lastPageFetched) {
                LOG.info("Export stopped after {} events (client gone or failed)", written);
            }
            if (pending != null) {
                pending.cancel(true);
            }
            Request close = new Request("DELETE", "/_pit");
            close.setJsonEntity(JsonpUtils.toJsonString(
                    co.elastic.clients.elasticsearch.core.ClosePointInTimeRequest.of(c -> c.id(pit)), mapper));
            client.performRequestAsync(close, new ResponseListener() {
                @Override
                public void onSuccess(Response response) {
                }

                @Override
                public void onFailure(Exception e) {
                    LOG.debug("Could not close the export's point-in-time (it expires by itself): {}", e.toString());
                }
            });
            onClose.run();
        }
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
