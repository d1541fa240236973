package io.auditsearch.search;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.ResponseListener;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import jakarta.inject.Singleton;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Sends a search built with the client's builders through the low-level client and hands back the raw
 * answer: the typed client would parse every hit into objects only for the service to write them out
 * again. URL and parameters come from the client's own endpoint definition, so the request is the one
 * the typed client would send, but with {@code filter_path} and without {@code typed_keys}.
 */
@Singleton
public final class RawSearch {

    /** A search as sent over HTTP (also what the search benchmark sends straight to Elasticsearch). */
    public record Call(String method, String path, Map<String, String> parameters, byte[] body) {
    }

    private final Rest5Client client;
    private final JsonpMapper mapper;

    RawSearch(Rest5Client client, ElasticsearchTransport transport) {
        this.client = client;
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

    /** Sends the search; the future fails with the API's problem when Elasticsearch refuses it. */
    public CompletableFuture<byte[]> send(SearchRequest search, String filterPath) {
        Call call = call(search, filterPath);
        Request request = new Request(call.method(), call.path());
        request.addParameters(call.parameters());
        request.setEntity(new ByteArrayEntity(call.body(), ContentType.APPLICATION_JSON));
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        client.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                if (response.getStatusCode() >= 300) {
                    answer.completeExceptionally(SearchFailures.translate(response));
                    return;
                }
                try {
                    answer.complete(EntityUtils.toByteArray(response.getEntity()));
                } catch (IOException e) {
                    answer.completeExceptionally(SearchFailures.translate(e));
                }
            }

            @Override
            public void onFailure(Exception e) {
                answer.completeExceptionally(e instanceof ResponseException re ? SearchFailures.translate(re)
                        : e instanceof IOException io ? SearchFailures.translate(io) : e);
            }
        });
        return answer;
    }
}
