package io.auditsearch.support;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;

/** The service's HTTP API, declared as a caller would; see {@link AuditApi} for the error-tolerant wrapper. */
@Client("/")
public interface AuditApiClient {

    @Post(uri = "/v1/events", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> postEvent(@Body String json);

    @Post(uri = "/v1/events/_bulk", produces = "application/x-ndjson")
    HttpResponse<String> postBulkNdjson(@Body String ndjson);

    @Post(uri = "/v1/events/_bulk", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> postBulkJson(@Body String jsonArray);

    @Post(uri = "/v1/events/_bulk")
    HttpResponse<String> postBulk(@Header("Content-Type") String contentType, @Body byte[] body);

    @Get("/health")
    HttpResponse<String> health();
}
