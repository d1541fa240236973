package io.auditsearch.export;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.search.EventQueryBuilder;
import io.auditsearch.search.SearchFailures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export body as an InputStream the HTTP server pulls from: one point-in-time page at a time,
 * oldest first, so memory holds one page (and the next one being fetched) whatever the export's size.
 * While a page is being written, the next one is already requested from Elasticsearch.
 */
final class ExportStream extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ExportStream.class);

    private final ElasticsearchAsyncClient client;
    private final Query query;
    private final String pit;
    private final int pageSize;
    private final String keepAlive;
    private final ExportFormat format;
    private final Runnable onClose;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    private final AtomicBoolean closed = new AtomicBoolean();

    private CompletableFuture<SearchResponse<ObjectNode>> pending;
    private byte[] buffer;
    private int position;
    private boolean lastPageFetched;
    private long written;

    ExportStream(ElasticsearchAsyncClient client, Query query, String pit, int pageSize, String keepAlive,
                 ExportFormat format, Runnable onClose) {
        this.client = client;
        this.query = query;
        this.pit = pit;
        this.pageSize = pageSize;
        this.keepAlive = keepAlive;
        this.format = format;
        this.onClose = onClose;
        this.pending = fetch(null);
        // the first page is awaited here, so a refused query is still an error response, not a broken body
        SearchResponse<ObjectNode> first = await(pending);
        this.pending = CompletableFuture.completedFuture(first);
        format.begin(out);
        this.buffer = out.toByteArray();
        this.position = 0;
    }

    private CompletableFuture<SearchResponse<ObjectNode>> fetch(List<FieldValue> after) {
        SearchRequest request = SearchRequest.of(b -> {
            // time order through a point-in-time: the same snapshot from the first page to the last
            b.pit(p -> p.id(pit).keepAlive(k -> k.time(keepAlive))).query(query).size(pageSize)
                    .sort(EventQueryBuilder.sort(true)).trackTotalHits(t -> t.enabled(false));
            if (after != null) {
                b.searchAfter(after);
            }
            return b;
        });
        return client.search(request, ObjectNode.class);
    }

    private boolean fill() {
        if (pending == null) {
            return false;
        }
        SearchResponse<ObjectNode> response = await(pending);
        List<Hit<ObjectNode>> hits = response.hits().hits();
        if (hits.size() == pageSize) {
            pending = fetch(hits.getLast().sort());
        } else {
            pending = null;
            lastPageFetched = true;
        }
        List<ObjectNode> events = new ArrayList<>(hits.size());
        for (Hit<ObjectNode> hit : hits) {
            events.add(hit.source());
        }
        out.reset();
        format.write(events, out);
        written += events.size();
        buffer = out.toByteArray();
        position = 0;
        return true;
    }

    private static SearchResponse<ObjectNode> await(CompletableFuture<SearchResponse<ObjectNode>> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ElasticsearchException ee) {
                throw SearchFailures.translate(ee);
            }
            if (e.getCause() instanceof IOException io) {
                throw SearchFailures.translate(io);
            }
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position >= buffer.length) {
            if (closed.get() || !fill()) {
                finish();
                return -1;
            }
        }
        int n = Math.min(len, buffer.length - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return buffer.length - position;
    }

    private void finish() {
        close();
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
            client.closePointInTime(c -> c.id(pit)).exceptionally(e -> null);
            onClose.run();
        }
    }
}
