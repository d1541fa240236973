package io.auditsearch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The one HTTP client of a benchmark (HTTP/1.1, JDK), the same for the service and for Elasticsearch,
 * so neither side gets a faster client. Every call is timed from sending to the last byte of the body.
 */
final class Http implements AutoCloseable {

    /** A whole answer and how long it took, in nanoseconds. */
    record Answer(int status, byte[] body, long nanos) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The answer, or an exception naming the request when it is not 2xx. */
        Answer ok(String what) {
            if (status < 200 || status > 299) {
                throw new IllegalStateException(what + " answered " + status + ": " + preview(text()));
            }
            return this;
        }
    }

    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    Answer send(String method, URI uri, Optional<String> authorization, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        authorization.ifPresent(a -> b.header("Authorization", a));
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.body(), System.nanoTime() - t0);
    }

    /** Streams the body through {@code sink} (for exports); answers the status and the time to the last byte. */
    Answer stream(URI uri, Optional<String> authorization, LineSink sink) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        authorization.ifPresent(a -> b.header("Authorization", a));
        long t0 = System.nanoTime();
        HttpResponse<java.io.InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] error = new byte[0];
        try (java.io.InputStream in = r.body()) {
            if (r.statusCode() / 100 == 2) {
                sink.read(in);
            } else {
                error = in.readAllBytes();
            }
        }
        return new Answer(r.statusCode(), error, System.nanoTime() - t0);
    }

    /** Reads a streamed body. */
    @FunctionalInterface
    interface LineSink {
        void read(java.io.InputStream in) throws IOException;
    }

    static String preview(String text) {
        return text.length() > 1_500 ? text.substring(0, 1_500) + "..." : text;
    }

    @Override
    public void close() {
        client.close();
    }
}
