package io.auditsearch.export;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** How exports page through Elasticsearch ({@code audit.export.*}). */
@ConfigurationProperties("audit.export")
public class ExportConfiguration {

    /** Events fetched per point-in-time page; the next page is fetched while this one is written. */
    private int pageSize = 5000;
    /** Exports running at once; one more is a 429 (each holds a point-in-time and streams a whole period). */
    private int maxConcurrent = 4;
    /** Keep-alive of an export's point-in-time between two pages (a client reading slower than this loses it). */
    private Duration pitKeepAlive = Duration.ofMinutes(5);

    public int getPageSize() {
        return pageSize;
    }

    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    public int getMaxConcurrent() {
        return maxConcurrent;
    }

    public void setMaxConcurrent(int maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    public Duration getPitKeepAlive() {
        return pitKeepAlive;
    }

    public void setPitKeepAlive(Duration pitKeepAlive) {
        this.pitKeepAlive = pitKeepAlive;
    }
}
