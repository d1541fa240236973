package io.auditsearch.security;

import io.micronaut.context.annotation.ConfigurationProperties;

/** Requests per caller (API key or JWT subject), as a token bucket ({@code audit.security.rate-limit.*}); over it: 429. */
@ConfigurationProperties("audit.security.rate-limit")
public class RateLimitConfiguration {

    /** Whether callers are limited at all. */
    private boolean enabled = true;
    /** Sustained requests per second per caller (the bucket's refill rate). */
    private double requestsPerSecond = 50;
    /** Requests a caller may make at once after being idle (the bucket's size). */
    private int burst = 200;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public double getRequestsPerSecond() {
        return requestsPerSecond;
    }

    public void setRequestsPerSecond(double requestsPerSecond) {
        this.requestsPerSecond = requestsPerSecond;
    }

    public int getBurst() {
        return burst;
    }

    public void setBurst(int burst) {
        this.burst = burst;
    }
}
