package io.auditsearch.support;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;

/** The read side of the service's API (the JSON-body endpoints; GETs go through {@link ReadApi}), declared as a caller would. */
@Client("/")
public interface ReadApiClient {

    @Post(uri = "/v1/events/_search", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> search(@Body String json);

    @Post(uri = "/v1/events/_aggregate", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> aggregate(@Body String json);
}
