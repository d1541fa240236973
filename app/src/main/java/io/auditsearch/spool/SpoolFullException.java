package io.auditsearch.spool;

import java.time.Duration;

/** The spool cannot keep more events: the caller must retry later (503 with Retry-After). */
public final class SpoolFullException extends RuntimeException {

    private final transient Duration retryAfter;

    SpoolFullException(long bytes, long maxBytes, Duration retryAfter) {
        super("the spool holds " + bytes + " bytes of its limit of " + maxBytes
                + " while Elasticsearch is not taking events; nothing was accepted");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
