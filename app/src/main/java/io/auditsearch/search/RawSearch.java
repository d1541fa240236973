package io.auditsearch.search;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.RequestOptions;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.ResponseListener;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.auditsearch.elasticsearch.StreamedAnswer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;

/**
 * Sends a search built with the client's builders through the client's low-level REST client and streams the raw
 * answer into a {@link PageStream}: the typed client would parse every hit into objects only for the service to
 * write them out again. URL and parameters come from the client's own endpoint definition, so the request is the
 * one the typed client would send (same hosts, failover, credentials and trust), but with {@code filter_path} and
 * without {@code typed_keys}.
 */
@Singleton
final class RawSearch {

    private final Rest5Client rest;
    private final JsonpMapper mapper;

    RawSearch(Rest5Client rest, ElasticsearchTransport transport) {
        this.rest = rest;
        this.mapper = transport.jsonpMapper();
    }

    /** Sends the search and hands its answer to {@code page} as it arrives. */
    void stream(SearchRequest search, PageStream page) {
        Request request = new Request(SearchRequest._ENDPOINT.method(search), SearchRequest._ENDPOINT.requestUrl(search));
        for (Map.Entry<String, String> p : SearchRequest._ENDPOINT.queryParameters(search).entrySet()) {
            // typed_keys only renames aggregations for the typed parser
            if (!p.getKey().equals("typed_keys")) {
                request.addParameter(p.getKey(), p.getValue());
            }
        }
        request.addParameter("filter_path", PageStream.FILTER_PATH);
        request.setJsonEntity(JsonpUtils.toJsonString(search, mapper));
        request.setOptions(RequestOptions.DEFAULT.toBuilder().setHttpAsyncResponseConsumerFactory(StreamedAnswer.to(page)));
        rest.performRequestAsync(request, answerTo(page));
    }

    /** Ends the page when its answer arrived whole, or fails it with Elasticsearch's refusal or the lost connection. */
    static ResponseListener answerTo(PageStream page) {
        return new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                if (response.getStatusCode() < 300) {
                    page.end();
                    return;
                }
                try {
                    page.fail(new ResponseException(response)); // the low-level client hands a 4xx over as an answer
                } catch (IOException e) {
                    page.fail(e);
                }
            }

            @Override
            public void onFailure(Exception failure) {
                page.fail(failure);
            }
        };
    }
}
