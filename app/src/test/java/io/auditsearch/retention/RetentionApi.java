package io.auditsearch.retention;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.annotation.Client;

/** {@code /v1/retention} as a caller declares it (answers through {@link io.auditsearch.support.AuditApi#call}). */
@Client("/v1/retention")
interface RetentionApi {

    @Get(produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> report();

    @Get(uri = "/holds", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> holds();

    @Post(uri = "/holds", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> setHold(@Body String json);

    @Delete(uri = "/holds/{id}")
    HttpResponse<String> release(@PathVariable String id);
}
