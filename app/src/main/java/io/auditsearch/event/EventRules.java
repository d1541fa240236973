package io.auditsearch.event;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.List;

/**
 * Limits and rules applied to every incoming event ({@code audit.events.*}).
 */
@ConfigurationProperties("audit.events")
public class EventRules {

    /** Largest accepted event, in bytes of its JSON. */
    private int maxEventBytes = 64 * 1024;
    /** Deepest accepted nesting of objects and arrays in one event. */
    private int maxDepth = 20;
    /** Most keys (counted at every level) inside {@code audit.details} and each of {@code audit.changes.*}. */
    private int maxDetailKeys = 512;
    /** How far in the future {@code @timestamp} may lie, to absorb clock skew. */
    private Duration maxFutureSkew = Duration.ofMinutes(5);
    /** How much time one index covers: DAY, WEEK or MONTH. */
    private EventIndexNaming.Granularity indexGranularity = EventIndexNaming.Granularity.DAY;
    /**
     * Key fragments that mark a value as sensitive in {@code audit.details} and {@code audit.changes.*};
     * matched case-insensitively against the key with everything but letters and digits removed.
     */
    private List<String> maskKeys = List.of(
            "password", "passwd", "pwd", "secret", "token", "apikey", "authorization", "cookie",
            "credential", "privatekey", "ssn", "socialsecurity", "cardnumber", "creditcard", "cvv",
            "cvc", "iban");
    /** What a masked value is replaced with: it says a value was there without keeping it. */
    private String maskValue = "[MASKED]";

    public int getMaxEventBytes() {
        return maxEventBytes;
    }

    public void setMaxEventBytes(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    public int getMaxDepth() {
        return maxDepth;
    }

    public void setMaxDepth(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    public int getMaxDetailKeys() {
        return maxDetailKeys;
    }

    public void setMaxDetailKeys(int maxDetailKeys) {
        this.maxDetailKeys = maxDetailKeys;
    }

    public Duration getMaxFutureSkew() {
        return maxFutureSkew;
    }

    public void setMaxFutureSkew(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    public EventIndexNaming.Granularity getIndexGranularity() {
        return indexGranularity;
    }

    public void setIndexGranularity(EventIndexNaming.Granularity indexGranularity) {
        this.indexGranularity = indexGranularity;
    }

    public List<String> getMaskKeys() {
        return maskKeys;
    }

    public void setMaskKeys(List<String> maskKeys) {
        this.maskKeys = maskKeys;
    }

    public String getMaskValue() {
        return maskValue;
    }

    public void setMaskValue(String maskValue) {
        this.maskValue = maskValue;
    }
}
