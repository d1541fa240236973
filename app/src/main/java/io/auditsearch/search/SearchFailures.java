package io.auditsearch.search;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditsearch.problem.ApiException;
import io.micronaut.http.HttpStatus;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Turns what Elasticsearch answers to a read into the API's problems. */
public final class SearchFailures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SearchFailures() {
    }

    public static ApiException translate(ElasticsearchException e) {
        return translate(e.status(), Optional.ofNullable(e.error()).map(ErrorCause::type).orElse("unknown"), reason(e.error()));
    }

    public static ApiException translate(ResponseException e) {
        return translate(e.getResponse());
    }

    /**
     * A refusal read raw from the low-level client: the error body's type and root cause, as the typed client
     * reads them. (The low-level client hands back every answer below 500 as a response, 4xx included.)
     */
    public static ApiException translate(Response response) {
        byte[] body;
        try {
            body = EntityUtils.toByteArray(response.getEntity());
        } catch (IOException e) {
            body = new byte[0];
        }
        return translate(response.getStatusCode(), body);
    }

    /** A refusal of {@code status} with Elasticsearch's error {@code body}: its type and root cause, as the typed client reads them. */
    public static ApiException translate(int status, byte[] body) {
        String type = "unknown";
        String reason = "status " + status;
        try {
            JsonNode error = MAPPER.readTree(body).path("error");
            type = error.path("type").asText(type);
            reason = error.path("root_cause").path(0).path("reason").asText(error.path("reason").asText(reason));
        } catch (IOException | RuntimeException ignored) {
            // keep the message of the exception
        }
        return translate(status, type, reason);
    }

    /** The problem for an Elasticsearch error of {@code status} and {@code type}. */
    public static ApiException translate(int status, String type, String reason) {
        if (type.equals("search_context_missing_exception") || reason.contains("No search context found")) {
            return CursorCodec.expired();
        }
        if (type.equals("too_many_buckets_exception") || reason.contains("too_many_buckets")) {
            return new BadRequestException("too_many_buckets", "Too many buckets", reason);
        }
        if (type.contains("timeout") || status == 504) {
            return timeout();
        }
        if (status == 429) {
            return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "overloaded", "Elasticsearch is overloaded", reason);
        }
        if (status == 400) {
            return new BadRequestException("rejected_by_elasticsearch", "Elasticsearch refused the query", type + ": " + reason);
        }
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Elasticsearch could not answer", type + ": " + reason);
    }

    public static ApiException translate(IOException e) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Elasticsearch could not answer", String.valueOf(e.getMessage()));
    }

    /** One Elasticsearch search call, as the client's blocking API makes it. */
    @FunctionalInterface
    public interface SearchCall<T> {
        SearchResponse<T> run() throws IOException;
    }

    /** Runs a search, turning Elasticsearch's refusals and a timed-out answer into their 4xx/5xx problems. */
    public static <T> SearchResponse<T> execute(SearchCall<T> call) {
        SearchResponse<T> response;
        try {
            response = call.run();
        } catch (ElasticsearchException e) {
            throw translate(e);
        } catch (IOException e) {
            throw translate(e);
        }
        if (response.timedOut()) {
            throw timeout();
        }
        return response;
    }

    /** The async client's call, failing with the API's problem (a timed-out search included) instead of the client's exception. */
    public static <T> CompletableFuture<T> translated(CompletableFuture<T> call) {
        return call.handle((value, failure) -> {
            if (failure == null) {
                if (value instanceof SearchResponse<?> response && response.timedOut()) {
                    throw timeout();
                }
                return value;
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            throw cause instanceof ElasticsearchException e ? translate(e)
                    : cause instanceof IOException e ? translate(e)
                    : cause instanceof RuntimeException e ? e : new CompletionException(cause);
        });
    }

    /** A query that ran past {@code audit.search.timeout}: the caller should narrow it. */
    public static ApiException timeout() {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "query_timeout", "The query took too long",
                "the query ran longer than the search timeout; narrow the period or add filters");
    }

    private static String reason(ErrorCause cause) {
        if (cause == null) {
            return "";
        }
        // the root cause usually names the problem (e.g. a bad value), the top level only the phase
        ErrorCause deepest = cause.rootCause().isEmpty() ? cause : cause.rootCause().getFirst();
        return Optional.ofNullable(deepest.reason()).orElse(Optional.ofNullable(cause.reason()).orElse(""));
    }
}
