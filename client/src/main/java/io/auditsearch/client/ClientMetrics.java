package io.auditsearch.client;

/**
 * What the client has done since it started, as plain numbers (also exported through Micrometer
 * when it is on the class path). Counts are of events, not requests.
 */
public interface ClientMetrics {

    /** Accepted by {@link AuditClient#record}. */
    long queued();

    /** Acknowledged by the service (201 created or duplicate, 202 accepted into its spool). */
    long sent();

    /** Sent again after a 429, a 5xx, a network error or a timeout. */
    long retried();

    /** Written to the local disk buffer. */
    long buffered();

    /** Given up on by the client (queue full, client closed); see {@link FullPolicy}. */
    long dropped();

    /** Refused for good by the service (4xx items such as 400 validation errors). */
    long rejected();

    /** Events waiting in memory now. */
    long queueDepth();

    /** Bytes in the disk buffer now. */
    long bufferedBytes();
}
