package io.auditsearch.analytics;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Bucket limits of {@code /v1/events/_aggregate} ({@code audit.analytics.*}); asking for more is a 400. */
@ConfigurationProperties("audit.analytics")
public class AnalyticsConfiguration {

    /** Values per facet when {@code facet_size} is not given. */
    private int defaultFacetSize = 10;
    /** Largest {@code facet_size}. */
    private int maxFacetSize = 100;
    /** Buckets the automatic timeline interval aims at (at most). */
    private int timelineBuckets = 60;
    /** Most timeline buckets a requested {@code interval} may produce. */
    private int maxTimelineBuckets = 1000;
    /** Most rows of a {@code group_by} table ({@code group_size} of the first field times that of the second). */
    private int maxGroupRows = 2500;

    public int getDefaultFacetSize() {
        return defaultFacetSize;
    }

    public void setDefaultFacetSize(int defaultFacetSize) {
        this.defaultFacetSize = defaultFacetSize;
    }

    public int getMaxFacetSize() {
        return maxFacetSize;
    }

    public void setMaxFacetSize(int maxFacetSize) {
        this.maxFacetSize = maxFacetSize;
    }

    public int getTimelineBuckets() {
        return timelineBuckets;
    }

    public void setTimelineBuckets(int timelineBuckets) {
        this.timelineBuckets = timelineBuckets;
    }

    public int getMaxTimelineBuckets() {
        return maxTimelineBuckets;
    }

    public void setMaxTimelineBuckets(int maxTimelineBuckets) {
        this.maxTimelineBuckets = maxTimelineBuckets;
    }

    public int getMaxGroupRows() {
        return maxGroupRows;
    }

    public void setMaxGroupRows(int maxGroupRows) {
        this.maxGroupRows = maxGroupRows;
    }
}
