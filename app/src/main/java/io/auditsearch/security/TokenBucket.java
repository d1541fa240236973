package io.auditsearch.security;

/** One caller's token bucket: {@code burst} tokens at most, refilled at {@code perSecond}; one per request. */
final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    TokenBucket(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = Math.max(1, burst);
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes a token: 0 when allowed, else the nanoseconds until one is there. */
    synchronized long take(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }

    /** 0 when a token is there (without taking it), else the nanoseconds until one is. */
    synchronized long waitNanos(long nowNanos) {
        double now = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
        return now >= 1 ? 0 : (long) Math.ceil((1 - now) / perNano);
    }

    synchronized boolean full(long nowNanos) {
        return tokens + (nowNanos - lastNanos) * perNano >= capacity;
    }
}
