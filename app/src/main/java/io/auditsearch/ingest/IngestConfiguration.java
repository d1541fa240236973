package io.auditsearch.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** Request limits and how events are batched into Elasticsearch ({@code audit.ingest.*}). */
@ConfigurationProperties("audit.ingest")
public class IngestConfiguration {

    /** Most lines (events) in one {@code _bulk} request; more is a 413. */
    private int maxBulkLines = 10_000;
    /** How long a request waits for Elasticsearch to confirm its events before answering 503. */
    private Duration ackTimeout = Duration.ofSeconds(30);
    /** Single events: longest wait before a partly filled bulk is sent (latency bound). */
    private Duration singleFlushInterval = Duration.ofMillis(5);
    /** Operations per bulk request to Elasticsearch. */
    private int bulkMaxOperations = 2_000;
    /** Bytes per bulk request to Elasticsearch. */
    private long bulkMaxBytes = 5L * 1024 * 1024;
    /** Bulk requests in flight to Elasticsearch at once, per ingester (single and batch). */
    private int bulkMaxConcurrentRequests = 2;

    public int getMaxBulkLines() {
        return maxBulkLines;
    }

    public void setMaxBulkLines(int maxBulkLines) {
        this.maxBulkLines = maxBulkLines;
    }

    public Duration getAckTimeout() {
        return ackTimeout;
    }

    public void setAckTimeout(Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    public Duration getSingleFlushInterval() {
        return singleFlushInterval;
    }

    public void setSingleFlushInterval(Duration singleFlushInterval) {
        this.singleFlushInterval = singleFlushInterval;
    }

    public int getBulkMaxOperations() {
        return bulkMaxOperations;
    }

    public void setBulkMaxOperations(int bulkMaxOperations) {
        this.bulkMaxOperations = bulkMaxOperations;
    }

    public long getBulkMaxBytes() {
        return bulkMaxBytes;
    }

    public void setBulkMaxBytes(long bulkMaxBytes) {
        this.bulkMaxBytes = bulkMaxBytes;
    }

    public int getBulkMaxConcurrentRequests() {
        return bulkMaxConcurrentRequests;
    }

    public void setBulkMaxConcurrentRequests(int bulkMaxConcurrentRequests) {
        this.bulkMaxConcurrentRequests = bulkMaxConcurrentRequests;
    }
}
