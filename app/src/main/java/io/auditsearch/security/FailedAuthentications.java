package io.auditsearch.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.auditsearch.problem.ApiException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Counts refused keys per source address and refuses an address that has used up its budget, before the
 * expensive part (a key store lookup, a hash) runs: a flood of made-up keys costs the service a map lookup each.
 */
@Singleton
final class FailedAuthentications {

    private final FailedAuthenticationConfiguration config;
    private final Cache<String, TokenBucket> buckets;

    FailedAuthentications(FailedAuthenticationConfiguration config) {
        this.config = config;
        // a bucket idle long enough to refill is full: forgetting it loses nothing
        long refillSeconds = (long) Math.ceil(config.getBurst() / Math.max(config.getPerSecond(), 1e-9)) + 1;
        this.buckets = Caffeine.newBuilder().maximumSize(config.getMaxAddresses())
                .expireAfterAccess(Duration.ofSeconds(Math.max(60, refillSeconds))).build();
    }

    /** A 429 for an address that has no failed authentication left, else empty. */
    Optional<ApiException> refusal(String address) {
        if (!config.isEnabled()) {
            return Optional.empty();
        }
        TokenBucket bucket = buckets.getIfPresent(address);
        long waitNanos = bucket == null ? 0 : bucket.waitNanos(System.nanoTime());
        if (waitNanos == 0) {
            return Optional.empty();
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
        return Optional.of(new ApiException(HttpStatus.TOO_MANY_REQUESTS, "authentication_rate_limited", "Too many failed authentications",
                "more than " + config.getBurst() + " refused credentials from this address (" + config.getPerSecond()
                        + " more per second); retry after " + seconds + " s").withRetryAfter(Duration.ofSeconds(seconds)));
    }

    /** Counts one refused key from {@code address}. */
    void failed(String address) {
        if (config.isEnabled()) {
            long now = System.nanoTime();
            buckets.get(address, a -> new TokenBucket(config.getPerSecond(), config.getBurst(), now)).take(now);
        }
    }
}
