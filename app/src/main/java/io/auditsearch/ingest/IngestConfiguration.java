package io.auditsearch.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** Request limits and how events are batched into Elasticsearch ({@code audit.ingest.*}). */
@ConfigurationProperties("audit.ingest")
public class IngestConfiguration {

    /** Most lines (events) in one {@code _bulk} request; more is a 413. */
    private int maxBulkLines = 10_000;
    /**
     * How long {@code POST /v1/events} waits for Elasticsearch to confirm before keeping the event
     * in the durable spool and answering 202.
     */
    private Duration ackWait = Duration.ofSeconds(1);
    /**
     * The same wait for {@code _bulk}: a 10,000-line request legitimately takes Elasticsearch more
     * than a second on a busy node, and spooling it would write it twice.
     */
    private Duration bulkAckWait = Duration.ofSeconds(10);
    /** Single events: longest wait before a partly filled bulk is sent (latency bound). */
    private Duration singleFlushInterval = Duration.ofMillis(2);
    /**
     * The service's own events (the read audit): longest wait before a partly filled bulk is sent.
     * Nobody waits on them, so they are gathered longer: a burst of searches costs Elasticsearch one
     * bulk request, not one per search (each bulk makes the searches beside it wait). The price: a crash of the
     * service loses at most this long of read-audit events.
     */
    private Duration serviceEventsFlushInterval = Duration.ofSeconds(1);
    /** Operations per bulk request to Elasticsearch. */
    private int bulkMaxOperations = 2_000;
    /** Bytes per bulk request to Elasticsearch. */
    private long bulkMaxBytes = 5L * 1024 * 1024;
    /** {@code _bulk} requests' bulk requests in flight to Elasticsearch at once (throughput: few, large). */
    private int bulkMaxConcurrentRequests = 2;
    /**
     * Single events' bulk requests in flight at once (latency: a small bulk must not wait for the
     * one before it; bin/bench-latency shows the effect).
     */
    private int singleMaxConcurrentRequests = 8;

    public int getMaxBulkLines() {
        return maxBulkLines;
    }

    public void setMaxBulkLines(int maxBulkLines) {
        this.maxBulkLines = maxBulkLines;
    }

    public Duration getAckWait() {
        return ackWait;
    }

    public void setAckWait(Duration ackWait) {
        this.ackWait = ackWait;
    }

    public Duration getBulkAckWait() {
        return bulkAckWait;
    }

    public void setBulkAckWait(Duration bulkAckWait) {
        this.bulkAckWait = bulkAckWait;
    }

    public Duration getSingleFlushInterval() {
        return singleFlushInterval;
    }

    public void setSingleFlushInterval(Duration singleFlushInterval) {
        this.singleFlushInterval = singleFlushInterval;
    }

    public Duration getServiceEventsFlushInterval() {
        return serviceEventsFlushInterval;
    }

    public void setServiceEventsFlushInterval(Duration serviceEventsFlushInterval) {
        this.serviceEventsFlushInterval = serviceEventsFlushInterval;
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

    public int getSingleMaxConcurrentRequests() {
        return singleMaxConcurrentRequests;
    }

    public void setSingleMaxConcurrentRequests(int singleMaxConcurrentRequests) {
        this.singleMaxConcurrentRequests = singleMaxConcurrentRequests;
    }

    public int getBulkMaxConcurrentRequests() {
        return bulkMaxConcurrentRequests;
    }

    public void setBulkMaxConcurrentRequests(int bulkMaxConcurrentRequests) {
        this.bulkMaxConcurrentRequests = bulkMaxConcurrentRequests;
    }
}
