package io.auditsearch.spool;

import java.time.Duration;

/** The spool cannot keep more events (its size limit, or its file system full): the caller must retry later (503 with Retry-After). */
public final class SpoolFullException extends RuntimeException {

    private final transient Duration retryAfter;

    SpoolFullException(long bytes, long maxBytes, Duration retryAfter) {
        this("the spool holds " + bytes + " bytes of its limit of " + maxBytes
                + " while Elasticsearch is not taking events; nothing was accepted", retryAfter);
    }

    private SpoolFullException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The spool's file system has no room left (SQLITE_FULL): nothing of the write was kept. */
    static SpoolFullException noRoom(Duration retryAfter) {
        return new SpoolFullException("the spool's file system is full while Elasticsearch is not taking events; nothing was accepted",
                retryAfter);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
