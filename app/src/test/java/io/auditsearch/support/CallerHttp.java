package io.auditsearch.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plain HTTP to the service as a given caller (or as nobody), without the test suite's default
 * credentials: what a client holding exactly these credentials would get.
 */
public final class CallerHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URI base;
    private final Optional<String> authorization;

    private CallerHttp(URI base, Optional<String> authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** Sends no Authorization header. */
    public static CallerHttp anonymous(URI base) {
        return new CallerHttp(base, Optional.empty());
    }

    public static CallerHttp apiKey(URI base, String key) {
        return new CallerHttp(base, Optional.of("ApiKey " + key));
    }

    public static CallerHttp bearer(URI base, String jwt) {
        return new CallerHttp(base, Optional.of("Bearer " + jwt));
    }

    /** Sends {@code Authorization: <value>} as given (another scheme, e.g. the console's {@code Viewer <token>}). */
    public static CallerHttp authorization(URI base, String value) {
        return new CallerHttp(base, Optional.of(value));
    }

    public static CallerHttp admin(URI base) {
        return apiKey(base, TestCredentials.ADMIN_KEY);
    }

    public Response get(String path, String... params) {
        return send("GET", path + ReadApi.query(params), null, null);
    }

    public Response post(String path, String contentType, String body) {
        return send("POST", path, contentType, body);
    }

    public Response postJson(String path, String body) {
        return send("POST", path, "application/json", body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Response send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        authorization.ifPresent(a -> b.header("Authorization", a));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What came back. */
    public record Response(int status, Map<String, List<String>> headers, String body) {

        public JsonNode json() {
            return Json.parse(body);
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
