package io.auditsearch.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.auditsearch.problem.ApiException;
import io.auditsearch.problem.Problem;
import io.auditsearch.problem.ProblemResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code /v1/admin/keys} (admin role, see the intercept-url-map): create (the key is shown once), list, revoke. */
@Controller("/v1/admin/keys")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "admin")
class ApiKeyController {

    private final ApiKeyService keys;

    ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    /**
     * @param name   what the key is for (e.g. the calling service)
     * @param roles  ingest, read and/or admin
     * @param tenant the only organization.id the key may write and see; absent: all tenants
     */
    @Serdeable
    record CreateKey(@Nullable String name, @Nullable List<String> roles, @Nullable String tenant) {
    }

    /** A created key: {@code key} is the secret to hand to the caller, shown this once and never again. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record CreatedKey(String id, String name, List<String> roles, @Nullable String tenant,
                      @JsonProperty("created_at") Instant createdAt, @JsonProperty("created_by") String createdBy, String key) {
    }

    @Serdeable
    record KeyList(List<ApiKey> keys) {
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "createApiKey", summary = "Create an API key", description = "The response holds the key once; only its SHA-256 is stored.")
    HttpResponse<CreatedKey> create(HttpRequest<?> request, @Body CreateKey body) throws IOException {
        ApiKeyService.Created created = keys.create(body.name(), body.roles(),
                Optional.ofNullable(body.tenant()).filter(t -> !t.isBlank()), Caller.of(request).name());
        ApiKey k = created.record();
        return HttpResponse.created(new CreatedKey(k.id(), k.name(), k.roles(), k.tenant(), k.createdAt(), k.createdBy(), created.key()));
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "listApiKeys", summary = "List API keys", description = "Every key with its roles, tenant and revocation; never the key or its hash.")
    KeyList list() throws IOException {
        return new KeyList(keys.list());
    }

    @Delete(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @ApiResponse(responseCode = "404", description = ProblemResponses.NOT_FOUND,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key", description = "Effective at once on this instance, within audit.security.key-cache-ttl on others.")
    ApiKey revoke(HttpRequest<?> request, @PathVariable String id) throws IOException {
        return keys.revoke(id, Caller.of(request).name()).orElseThrow(() ->
                new ApiException(HttpStatus.NOT_FOUND, "not_found", "No such API key", "no API key with id " + id));
    }
}
