package io.auditsearch.support;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/**
 * The declarative {@link AuditApiClient}, answering 4xx/5xx as responses (status, problem body and
 * content type) instead of exceptions, so tests assert on what a caller receives.
 */
@Singleton
public class AuditApi {

    private final AuditApiClient client;

    public AuditApi(AuditApiClient client) {
        this.client = client;
    }

    public HttpResponse<String> postEvent(String json) {
        return call(() -> client.postEvent(json));
    }

    public HttpResponse<String> postBulkNdjson(String ndjson) {
        return call(() -> client.postBulkNdjson(ndjson));
    }

    public HttpResponse<String> postBulkJson(String jsonArray) {
        return call(() -> client.postBulkJson(jsonArray));
    }

    public HttpResponse<String> postBulk(String contentType, byte[] body) {
        return call(() -> client.postBulk(contentType, body));
    }

    public HttpResponse<String> health() {
        return call(client::health);
    }

    @SuppressWarnings("unchecked")
    public static HttpResponse<String> call(Supplier<HttpResponse<String>> request) {
        try {
            return request.get();
        } catch (HttpClientResponseException e) {
            HttpResponse<?> response = e.getResponse();
            String body = response.getBody(String.class).orElse("");
            var copy = HttpResponse.<String>status(response.getStatus()).body(body);
            response.getHeaders().forEach((name, values) -> values.forEach(v -> copy.header(name, v)));
            return copy;
        }
    }
}
