package io.auditsearch.elasticsearch;

import co.elastic.clients.transport.rest5_client.low_level.HttpAsyncResponseConsumerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Hands a successful answer of the low-level client to a {@link Receiver} part by part as it arrives, instead of
 * buffering it whole (the client's default). An answer of another status is buffered as usual, so the client
 * still turns it into a {@code ResponseException} carrying Elasticsearch's error, and still retries a 502, 503 or
 * 504 on the next node.
 */
public final class StreamedAnswer implements AsyncResponseConsumer<ClassicHttpResponse> {

    /** Receives the body of a successful answer, on the client's I/O thread. */
    public interface Receiver {

        /** A successful answer begins (again, if a node failed and the client asks another). */
        void begin();

        /** The next part of the body; the buffer is only valid during the call. */
        void content(ByteBuffer part);
    }

    private static final int PART_BYTES = 64 << 10;

    private final Receiver receiver;
    private FutureCallback<ClassicHttpResponse> done;
    private ByteArrayOutputStream error;
    private BasicClassicHttpResponse response;
    private ContentType contentType;

    private StreamedAnswer(Receiver receiver) {
        this.receiver = receiver;
    }

    /** The consumer factory to put in a request's options. */
    public static HttpAsyncResponseConsumerFactory to(Receiver receiver) {
        return () -> new StreamedAnswer(receiver);
    }

    @Override
    public void consumeResponse(HttpResponse head, EntityDetails entity, HttpContext context, FutureCallback<ClassicHttpResponse> callback) {
        response = new BasicClassicHttpResponse(head.getCode(), head.getReasonPhrase());
        response.setHeaders(head.getHeaders());
        if (head.getCode() < 300) {
            receiver.begin();
        } else {
            error = new ByteArrayOutputStream();
            contentType = entity == null ? null : ContentType.parseLenient(entity.getContentType());
        }
        done = callback;
        if (entity == null) {
            streamEnd(null);
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // a 1xx: the real answer follows
    }

    @Override
    public void updateCapacity(CapacityChannel channel) throws IOException {
        channel.update(PART_BYTES);
    }

    @Override
    public void consume(ByteBuffer src) {
        if (error == null) {
            receiver.content(src);
        } else {
            while (src.hasRemaining()) {
                error.write(src.get());
            }
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        if (error != null) {
            response.setEntity(new ByteArrayEntity(error.toByteArray(), contentType));
        }
        if (done != null) {
            done.completed(response);
            done = null;
        }
    }

    @Override
    public void failed(Exception cause) {
        releaseResources();
    }

    @Override
    public void releaseResources() {
        error = null;
    }
}
