package io.auditsearch.spool;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** The durable spool between the API and Elasticsearch ({@code audit.spool.*}). */
@ConfigurationProperties("audit.spool")
public class SpoolConfiguration {

    /** Most bytes of event sources the spool keeps; beyond it ingestion answers 503 with Retry-After. */
    private long maxBytes = 1024L * 1024 * 1024;
    /** The Retry-After a caller gets when the spool is full. */
    private Duration retryAfter = Duration.ofSeconds(5);
    /** Events the shipper sends to Elasticsearch per round. */
    private int shipBatchEvents = 2_000;
    /** Bytes of event sources the shipper sends per round. */
    private long shipBatchBytes = 5L * 1024 * 1024;
    /** First wait after a failed round; doubled per failure (and after a 429), up to backoff-max. */
    private Duration backoffInitial = Duration.ofMillis(200);
    /** Longest wait between rounds while Elasticsearch fails. */
    private Duration backoffMax = Duration.ofSeconds(30);
    /** How long one round waits for Elasticsearch's answer before it counts as failed. */
    private Duration shipTimeout = Duration.ofSeconds(60);

    public long getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public int getShipBatchEvents() {
        return shipBatchEvents;
    }

    public void setShipBatchEvents(int shipBatchEvents) {
        this.shipBatchEvents = shipBatchEvents;
    }

    public long getShipBatchBytes() {
        return shipBatchBytes;
    }

    public void setShipBatchBytes(long shipBatchBytes) {
        this.shipBatchBytes = shipBatchBytes;
    }

    public Duration getBackoffInitial() {
        return backoffInitial;
    }

    public void setBackoffInitial(Duration backoffInitial) {
        this.backoffInitial = backoffInitial;
    }

    public Duration getBackoffMax() {
        return backoffMax;
    }

    public void setBackoffMax(Duration backoffMax) {
        this.backoffMax = backoffMax;
    }

    public Duration getShipTimeout() {
        return shipTimeout;
    }

    public void setShipTimeout(Duration shipTimeout) {
        this.shipTimeout = shipTimeout;
    }
}
