package io.auditsearch.client;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Sends one batch as {@code POST /v1/events/_bulk} ({@code application/x-ndjson}: each event's
 * JSON, as Jackson wrote it, on a line of its own) with the JDK's HTTP client, and reads the
 * answer into a {@link BulkReply}. The wait can be abandoned (the client is closing) without
 * interrupting the sender thread.
 */
final class BulkTransport {

    static final String PATH = "/v1/events/_bulk";
    private static final long POLL_MILLIS = 50;

    private final HttpClient http;
    private final URI uri;
    private final Credentials credentials;
    private final Duration requestTimeout;

    BulkTransport(HttpClient http, URI serviceUri, Credentials credentials, Duration requestTimeout) {
        this.http = http;
        this.uri = serviceUri.resolve(PATH);
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
    }

    /** @param abandon asked every few milliseconds while waiting; true gives up on the answer */
    BulkReply send(List<AuditEvent> batch, BooleanSupplier abandon) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-ndjson")
                .header("Accept", "application/json")
                .header("Authorization", credentials.header())
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson(batch)))
                .build();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            while (true) {
                try {
                    HttpResponse<byte[]> response = answer.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    return BulkReply.of(response.statusCode(), response.headers().firstValue("Retry-After"), response.body(), batch);
                } catch (TimeoutException stillWaiting) {
                    if (abandon.getAsBoolean()) {
                        answer.cancel(true);
                        return BulkReply.noAnswer(batch.size(), "abandoned: the client is closing");
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return BulkReply.noAnswer(batch.size(), why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return BulkReply.noAnswer(batch.size(), "interrupted");
        }
    }

    /** NDJSON framing of documents Jackson serialized: line, newline, line, newline. */
    static byte[] ndjson(List<AuditEvent> batch) {
        int size = 0;
        for (AuditEvent e : batch) {
            size += e.jsonBytes().length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        for (AuditEvent e : batch) {
            out.writeBytes(e.jsonBytes());
            out.write('\n');
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "BulkTransport[" + uri + ", " + credentials + "]";
    }
}
