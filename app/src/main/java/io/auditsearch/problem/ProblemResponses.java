package io.auditsearch.problem;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents the problem answers every operation may give ({@code application/problem+json},
 * {@link Problem}): 400, 401, 403, 429 and 503. An operation adds its own (404, 413) beside it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "400", description = "Invalid request: the problem names the parameter or field and the rule",
        content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "No credentials, or an unknown or revoked key, or an invalid token",
        content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's roles or tenant do not allow this",
        content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "429", description = "Rate limit exceeded; Retry-After says when to try again",
        content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "Elasticsearch or the spool cannot take the request now; Retry-After when known",
        content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
public @interface ProblemResponses {

    /** The 404 answer of operations on one resource. */
    String NOT_FOUND = "No such resource (or another tenant's)";

    /** The 413 answer of the ingest operations. */
    String TOO_LARGE = "The request is larger than audit.max-request-bytes (10 MiB by default) or holds more lines than allowed";
}
