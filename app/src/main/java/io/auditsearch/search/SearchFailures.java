package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditsearch.problem.ApiException;
import io.micronaut.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Turns what Elasticsearch answers to a read into the API's problems: one translation for every client call. */
public final class SearchFailures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SearchFailures() {
    }

    /**
     * The problem for a failed read, whichever way it reached Elasticsearch: the typed client's
     * {@link ElasticsearchException}, the low-level client's {@link ResponseException}, no answer at all
     * ({@link IOException}), each possibly wrapped by a future. A problem passes through; anything else is a
     * fault of the service and stays what it is.
     */
    public static RuntimeException translate(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException || cause instanceof UncheckedIOException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return switch (cause) {
            case ApiException problem -> problem;
            case ElasticsearchException e -> problem(e.status(),
                    Optional.ofNullable(e.error()).map(ErrorCause::type).orElse("unknown"), reason(e.error()));
            case ResponseException e -> refusal(e);
            case IOException e -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Elasticsearch could not answer",
                    String.valueOf(e.getMessage()));
            case RuntimeException e -> e;
            default -> new IllegalStateException(cause);
        };
    }

    /** A refusal read raw from the low-level client: the error body's type and root cause, as the typed client reads them. */
    private static ApiException refusal(ResponseException e) {
        int status = e.getResponse().getStatusCode();
        String type = "unknown";
        String reason = "status " + status;
        try {
            JsonNode error = MAPPER.readTree(EntityUtils.toByteArray(e.getResponse().getEntity())).path("error");
            type = error.path("type").asText(type);
            reason = error.path("root_cause").path(0).path("reason").asText(error.path("reason").asText(reason));
        } catch (IOException | RuntimeException ignored) {
            // an answer without Elasticsearch's error body: its status says enough
        }
        return problem(status, type, reason);
    }

    /** The problem for an Elasticsearch error of {@code status} and {@code type}. */
    private static ApiException problem(int status, String type, String reason) {
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
        } catch (IOException | RuntimeException e) {
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
            if (failure != null) {
                throw translate(failure);
            }
            if (value instanceof SearchResponse<?> response && response.timedOut()) {
                throw timeout();
            }
            return value;
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
