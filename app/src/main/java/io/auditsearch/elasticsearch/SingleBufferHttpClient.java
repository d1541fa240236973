package io.auditsearch.elasticsearch;

import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Hands each request body to the HTTP layer as one buffer. The client serializes a bulk request
 * as one small buffer per NDJSON line, which the transport sends as thousands of HTTP chunks
 * (elastic/elasticsearch-java#1339), which costs the service and Elasticsearch far more CPU per event than one
 * copy of the body (docs/adr/single-buffer-bulk-body.md).
 */
final class SingleBufferHttpClient implements TransportHttpClient {

    private final TransportHttpClient delegate;

    SingleBufferHttpClient(TransportHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public TransportOptions createOptions(TransportOptions options) {
        return delegate.createOptions(options);
    }

    @Override
    public Response performRequest(String endpointId, Node node, Request request, TransportOptions options) throws IOException {
        return delegate.performRequest(endpointId, node, joined(request), options);
    }

    @Override
    public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
                                                           TransportOptions options) {
        return delegate.performRequestAsync(endpointId, node, joined(request), options);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    static Request joined(Request request) {
        Iterable<ByteBuffer> body = request.body();
        if (body == null) {
            return request;
        }
        int size = 0;
        int buffers = 0;
        for (ByteBuffer buffer : body) {
            size += buffer.remaining();
            buffers++;
        }
        if (buffers <= 1) {
            return request;
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer buffer : body) {
            all.put(buffer.duplicate());
        }
        all.flip();
        return new Request(request.method(), request.path(), request.queryParams(), request.headers(), List.of(all));
    }
}
