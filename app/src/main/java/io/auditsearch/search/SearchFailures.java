package io.auditsearch.search;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.auditsearch.problem.ApiException;
import io.micronaut.http.HttpStatus;
import java.io.IOException;
import java.util.Optional;

/** Turns what Elasticsearch answers to a read into the API's problems. */
public final class SearchFailures {

    private SearchFailures() {
    }

    public static ApiException translate(ElasticsearchException e) {
        String type = Optional.ofNullable(e.error()).map(ErrorCause::type).orElse("unknown");
        String reason = reason(e.error());
        if (type.equals("search_context_missing_exception") || reason.contains("No search context found")) {
            return CursorCodec.expired();
        }
        if (type.equals("too_many_buckets_exception") || reason.contains("too_many_buckets")) {
            return new BadRequestException("too_many_buckets", "Too many buckets", reason);
        }
        if (type.contains("timeout") || e.status() == 504) {
            return timeout();
        }
        if (e.status() == 429) {
            return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "overloaded", "Elasticsearch is overloaded", reason);
        }
        if (e.status() == 400) {
            return new BadRequestException("rejected_by_elasticsearch", "Elasticsearch refused the query", type + ": " + reason);
        }
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Elasticsearch could not answer", type + ": " + reason);
    }

    public static ApiException translate(IOException e) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Elasticsearch could not answer", String.valueOf(e.getMessage()));
    }

    /** A query that ran past {@code audit.search.timeout}: the caller should narrow it. */
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
