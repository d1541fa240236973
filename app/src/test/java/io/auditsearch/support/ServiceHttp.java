package io.auditsearch.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Plain HTTP to a running service at a base URL (an embedded server or a child process), for
 * tests that start and stop services themselves. Answers carry status, JSON body and headers.
 */
public final class ServiceHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public ServiceHttp(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    public Answer postEvent(String json) {
        return send("POST", "/v1/events", "application/json", json);
    }

    public Answer postBulk(String ndjson) {
        return send("POST", "/v1/events/_bulk", "application/x-ndjson", ndjson);
    }

    public Answer get(String path) {
        return send("GET", path, null, null);
    }

    public Answer send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", TestCredentials.authorization()) // the suite's admin key
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("content-type", contentType);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isBlank() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(r.body());
            return new Answer(r.statusCode(), json, r.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The spool's depth as {@code /health} reports it. */
    public long spoolDepth() {
        return get("/health").body().path("details").path("spool").path("details").path("depth").asLong(-1);
    }

    /** Waits until the shipper has emptied the spool, or fails after {@code timeout}. */
    public void awaitSpoolDrained(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        long depth = spoolDepth();
        while (depth != 0) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the spool still holds " + depth + " events after " + timeout);
            }
            sleep(250);
            depth = spoolDepth();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Answer(int status, JsonNode body, Optional<String> retryAfter) {
    }
}
