package io.auditsearch.security;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Failed authentications per source address, as a token bucket ({@code audit.security.failed-authentication.*}):
 * each refused key takes a token; an address with none left gets 429 with {@code Retry-After} before its key is
 * looked up at all. The address is the TCP peer's: behind a reverse proxy every caller shares the proxy's.
 */
@ConfigurationProperties("audit.security.failed-authentication")
public class FailedAuthenticationConfiguration {

    /** Whether failed authentications are limited at all. */
    private boolean enabled = true;
    /** Failed authentications an address may have at once (the bucket's size). */
    private int burst = 100;
    /** Failed authentications per second an address earns back (the bucket's refill rate). */
    private double perSecond = 1;
    /** Source addresses tracked at most; the least used are forgotten first. */
    private int maxAddresses = 100_000;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getBurst() {
        return burst;
    }

    public void setBurst(int burst) {
        this.burst = burst;
    }

    public double getPerSecond() {
        return perSecond;
    }

    public void setPerSecond(double perSecond) {
        this.perSecond = perSecond;
    }

    public int getMaxAddresses() {
        return maxAddresses;
    }

    public void setMaxAddresses(int maxAddresses) {
        this.maxAddresses = maxAddresses;
    }
}
