package io.auditsearch.ingest;

import io.micronaut.core.annotation.Nullable;

/**
 * What Elasticsearch said about one event's create operation.
 *
 * @param status    HTTP status of the item (201 created, 409 duplicate, 4xx/5xx failures)
 * @param result    created, duplicate or failed
 * @param errorType Elasticsearch's error type for failures
 * @param reason    Elasticsearch's reason for failures
 */
record IndexOutcome(int status, Result result, @Nullable String errorType, @Nullable String reason) {

    enum Result { CREATED, DUPLICATE, FAILED }

    static final IndexOutcome CREATED = new IndexOutcome(201, Result.CREATED, null, null);
    static final IndexOutcome DUPLICATE = new IndexOutcome(201, Result.DUPLICATE, null, null);

    /** Reads one bulk item: 2xx created; 409 version conflict on create is the same event again. */
    static IndexOutcome of(int status, @Nullable String errorType, @Nullable String reason) {
        if (errorType == null && status >= 200 && status < 300) {
            return CREATED;
        }
        if (status == 409 && "version_conflict_engine_exception".equals(errorType)) {
            return DUPLICATE;
        }
        return failed(status, errorType == null ? "unknown" : errorType, reason);
    }

    static IndexOutcome failed(int status, String type, String reason) {
        return new IndexOutcome(status, Result.FAILED, type, reason);
    }

    boolean stored() {
        return result != Result.FAILED;
    }
}
