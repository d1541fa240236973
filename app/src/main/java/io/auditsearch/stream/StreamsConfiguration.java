package io.auditsearch.stream;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** Streams to SIEMs ({@code audit.streams.*}): batching, retries, when a destination counts as failing. */
@ConfigurationProperties("audit.streams")
public class StreamsConfiguration {

    /** Off: no delivery threads, and the journal is kept only if integrity is on. */
    private boolean enabled = true;
    /** At most this many events per batch. */
    private int batchSize = 500;
    /** How long a batch that is not full waits for more events. */
    private Duration linger = Duration.ofMillis(200);
    private Duration backoffInitial = Duration.ofMillis(500);
    private Duration backoffMax = Duration.ofSeconds(30);
    /** Failing this long without a success: the destination is marked failing (it keeps its place). */
    private Duration failingAfter = Duration.ofMinutes(5);
    /** One HTTP request's deadline. */
    private Duration requestTimeout = Duration.ofSeconds(30);
    /** An event whose outcome was never recorded (the instance stopped first) is looked up in Elasticsearch after this. */
    private Duration pendingGrace = Duration.ofMinutes(2);
    /** How often the destinations are read back from Elasticsearch (changes made by other instances). */
    private Duration refreshInterval = Duration.ofSeconds(5);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getLinger() {
        return linger;
    }

    public void setLinger(Duration linger) {
        this.linger = linger;
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

    public Duration getFailingAfter() {
        return failingAfter;
    }

    public void setFailingAfter(Duration failingAfter) {
        this.failingAfter = failingAfter;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Duration getPendingGrace() {
        return pendingGrace;
    }

    public void setPendingGrace(Duration pendingGrace) {
        this.pendingGrace = pendingGrace;
    }

    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }
}
