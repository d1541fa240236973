package io.auditsearch.support;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@link ReadApiClient} answering 4xx/5xx as responses, with a query-string builder. */
@Singleton
public class ReadApi {

    private final ReadApiClient client;
    /** GETs go through the low-level client: the query string is encoded here once, exactly. */
    private final HttpClient http;

    public ReadApi(ReadApiClient client, @Client("/") HttpClient http) {
        this.client = client;
        this.http = http;
    }

    /** GET {@code path} with {@code params} given as name, value, name, value... (names may repeat). */
    public HttpResponse<String> get(String path, String... params) {
        return getAccepting("application/json", path, params);
    }

    public HttpResponse<String> getAccepting(String accept, String path, String... params) {
        return AuditApi.call(() -> http.toBlocking().exchange(
                HttpRequest.GET(path + query(params)).header("Accept", accept), String.class));
    }

    public HttpResponse<String> postSearch(String json) {
        return AuditApi.call(() -> client.search(json));
    }

    public HttpResponse<String> postAggregate(String json) {
        return AuditApi.call(() -> client.aggregate(json));
    }

    public static String query(String... params) {
        if (params.length == 0) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            parts.add(URLEncoder.encode(params[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return "?" + String.join("&", parts);
    }
}
