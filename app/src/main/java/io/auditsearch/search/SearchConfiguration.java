package io.auditsearch.search;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.Optional;

/** Limits and cursor settings of search ({@code audit.search.*}); shared by aggregations and export. */
@ConfigurationProperties("audit.search")
public class SearchConfiguration {

    /** Events per page when {@code size} is not given. */
    private int defaultSize = 50;
    /** Largest {@code size}; more is a 400. */
    private int maxSize = 1000;
    /** Time Elasticsearch may spend on one search or aggregation; past it the request is a 422. */
    private Duration timeout = Duration.ofSeconds(20);
    /** How long a cursor's point-in-time stays open after each page (a cursor older than this is a 400). */
    private Duration pitKeepAlive = Duration.ofMinutes(5);
    /**
     * Key of the HMAC that signs cursors (any string, at least 32 characters recommended). Unset: a random
     * key per start, so cursors do not survive a restart of the service.
     */
    @Nullable
    private String cursorKey;
    /** Longest accepted {@code q}, in characters. */
    private int maxQueryLength = 1024;
    /** Most prefix terms ({@code foo*}) in one {@code q}: each expands to every matching term. */
    private int maxPrefixTerms = 5;
    /** Fewest characters before a {@code *} (in {@code q} and in prefix filters such as {@code action=user.*}). */
    private int minPrefixLength = 2;
    /** Most dated indices named in a request; a longer period searches the read alias with a range filter. */
    private int maxNamedIndices = 62;

    public int getDefaultSize() {
        return defaultSize;
    }

    public void setDefaultSize(int defaultSize) {
        this.defaultSize = defaultSize;
    }

    public int getMaxSize() {
        return maxSize;
    }

    public void setMaxSize(int maxSize) {
        this.maxSize = maxSize;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getPitKeepAlive() {
        return pitKeepAlive;
    }

    public void setPitKeepAlive(Duration pitKeepAlive) {
        this.pitKeepAlive = pitKeepAlive;
    }

    public Optional<String> cursorKey() {
        return Optional.ofNullable(cursorKey).filter(k -> !k.isBlank());
    }

    @Nullable
    public String getCursorKey() {
        return cursorKey;
    }

    public void setCursorKey(@Nullable String cursorKey) {
        this.cursorKey = cursorKey;
    }

    public int getMaxQueryLength() {
        return maxQueryLength;
    }

    public void setMaxQueryLength(int maxQueryLength) {
        this.maxQueryLength = maxQueryLength;
    }

    public int getMaxPrefixTerms() {
        return maxPrefixTerms;
    }

    public void setMaxPrefixTerms(int maxPrefixTerms) {
        this.maxPrefixTerms = maxPrefixTerms;
    }

    public int getMinPrefixLength() {
        return minPrefixLength;
    }

    public void setMinPrefixLength(int minPrefixLength) {
        this.minPrefixLength = minPrefixLength;
    }

    public int getMaxNamedIndices() {
        return maxNamedIndices;
    }

    public void setMaxNamedIndices(int maxNamedIndices) {
        this.maxNamedIndices = maxNamedIndices;
    }

    /** Elasticsearch's time-value notation of a duration, e.g. {@code 20000ms}. */
    public static String esTime(Duration d) {
        return d.toMillis() + "ms";
    }
}
