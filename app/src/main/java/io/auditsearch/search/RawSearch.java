package io.auditsearch.search;

import co.elastic.clients.elasticsearch.core.OpenPointInTimeRequest;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import io.auditsearch.elasticsearch.EventLoopHttp;
import jakarta.inject.Singleton;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends a search built with the client's builders and hands back the raw answer: the typed client
 * would parse every hit into objects only for the service to write them out again. URL and
 * parameters come from the client's own endpoint definition, so the request is the one the typed
 * client would send, but with {@code filter_path} and without {@code typed_keys}. It goes out on the
 * server's own event loop ({@link EventLoopHttp}), not through the client's I/O reactor.
 */
@Singleton
public final class RawSearch {

    /** A search as sent over HTTP (also what the search benchmark sends straight to Elasticsearch). */
    public record Call(String method, String path, Map<String, String> parameters, byte[] body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventLoopHttp http;
    private final JsonpMapper mapper;

    RawSearch(EventLoopHttp http, ElasticsearchTransport transport) {
        this.http = http;
        this.mapper = transport.jsonpMapper();
    }

    /** The HTTP request of {@code search}, answering only the parts named by {@code filterPath}. */
    public Call call(SearchRequest search, String filterPath) {
        Map<String, String> parameters = new LinkedHashMap<>(SearchRequest._ENDPOINT.queryParameters(search));
        // typed_keys only renames aggregations for the typed parser; raw readers want the plain names
        parameters.remove("typed_keys");
        parameters.put("filter_path", filterPath);
        ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = mapper.jsonProvider().createGenerator(body)) {
            search.serialize(generator, mapper);
        }
        return new Call(SearchRequest._ENDPOINT.method(search), SearchRequest._ENDPOINT.requestUrl(search), parameters, body.toByteArray());
    }

    /** Sends the search and hands its answer to {@code receiver} as it arrives. */
    void stream(SearchRequest search, String filterPath, EventLoopHttp.Receiver receiver) {
        Call call = call(search, filterPath);
        http.stream(call.method(), uri(call), call.body(), receiver);
    }

    /** Opens a point-in-time on the same loop as the pages that follow it; the future holds its id. */
    CompletableFuture<String> openPointInTime(OpenPointInTimeRequest open) {
        Map<String, String> parameters = new LinkedHashMap<>(OpenPointInTimeRequest._ENDPOINT.queryParameters(open));
        parameters.put("filter_path", "id");
        return send(new Call(OpenPointInTimeRequest._ENDPOINT.method(open), OpenPointInTimeRequest._ENDPOINT.requestUrl(open), parameters, null))
                .thenApply(body -> {
                    try {
                        return JSON.readTree(body).path("id").asText();
                    } catch (IOException e) {
                        throw new UncheckedIOException("unreadable point-in-time answer", e);
                    }
                });
    }

    private static String uri(Call call) {
        StringBuilder uri = new StringBuilder(call.path());
        char separator = '?';
        for (Map.Entry<String, String> p : call.parameters().entrySet()) {
            uri.append(separator).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return uri.toString();
    }

    private CompletableFuture<byte[]> send(Call call) {
        return http.send(call.method(), uri(call), call.body()).handle((answer, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                throw cause instanceof IOException io ? SearchFailures.translate(io) : new CompletionException(cause);
            }
            if (answer.status() >= 300) {
                throw SearchFailures.translate(answer.status(), answer.body());
            }
            return answer.body();
        });
    }
}
