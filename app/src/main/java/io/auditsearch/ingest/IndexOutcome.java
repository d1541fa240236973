package io.auditsearch.ingest;

import io.micronaut.core.annotation.Nullable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What Elasticsearch said about one event's create operation.
 *
 * @param status    HTTP status of the item (201 created, 409 duplicate, 4xx/5xx failures)
 * @param result    created, duplicate or failed
 * @param errorType Elasticsearch's error type for failures
 * @param reason    Elasticsearch's reason for failures
 */
public record IndexOutcome(int status, Result result, @Nullable String errorType, @Nullable String reason) {

    public enum Result { CREATED, DUPLICATE, FAILED }

    static final IndexOutcome CREATED = new IndexOutcome(201, Result.CREATED, null, null);
    static final IndexOutcome DUPLICATE = new IndexOutcome(201, Result.DUPLICATE, null, null);

    /** Reads one bulk item: 2xx created; 409 version conflict on create is the same event again. */
    public static IndexOutcome of(int status, @Nullable String errorType, @Nullable String reason) {
        if (errorType == null && status >= 200 && status < 300) {
            return CREATED;
        }
        if (status == 409 && "version_conflict_engine_exception".equals(errorType)) {
            return DUPLICATE;
        }
        return failed(status, errorType == null ? "unknown" : errorType, reason);
    }

    /**
     * Waits for an outcome until a deadline; not answering in time, or failing, is an outcome
     * too (503: not stored, try again), never an exception.
     */
    public static IndexOutcome await(CompletableFuture<IndexOutcome> outcome, long deadlineNanos) {
        try {
            return outcome.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return failed(503, "timeout", "Elasticsearch did not confirm the event in time");
        } catch (ExecutionException e) {
            return failed(503, "elasticsearch_unavailable", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(503, "interrupted", "interrupted while waiting for Elasticsearch");
        }
    }

    public static IndexOutcome failed(int status, String type, String reason) {
        return new IndexOutcome(status, Result.FAILED, type, reason);
    }

    /** In Elasticsearch now: created, or there already from an earlier attempt. */
    public boolean stored() {
        return result != Result.FAILED;
    }

    /**
     * Refused for good: the document itself is wrong for the mapping (a 400 such as
     * mapper_parsing_exception). Retrying cannot help; such events go to the dead letters. A
     * closed or blocked index is an operator's matter and is retried.
     */
    public boolean refusedForGood() {
        return result == Result.FAILED && status == 400
                && !"index_closed_exception".equals(errorType) && !"cluster_block_exception".equals(errorType);
    }

    /** Elasticsearch asked us to slow down. */
    public boolean throttled() {
        return status == 429;
    }
}
