package io.auditsearch.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import io.auditsearch.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import java.util.concurrent.TimeUnit;

/**
 * Limits each authenticated caller (API key id or JWT subject) to a token bucket; over it, a 429
 * problem with {@code Retry-After}. Runs after the security filter, so anonymous requests (only
 * health is open to them) are not counted.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class RateLimitFilter implements Ordered {

    private static final int MAX_BUCKETS = 100_000;

    private final RateLimitConfiguration config;
    private final Cache<String, TokenBucket> buckets;

    RateLimitFilter(RateLimitConfiguration config) {
        this.config = config;
        // a bucket idle long enough to refill is full: forgetting it loses the caller nothing
        long refillSeconds = (long) Math.ceil(config.getBurst() / Math.max(config.getRequestsPerSecond(), 1e-9)) + 1;
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_BUCKETS).expireAfterAccess(Duration.ofSeconds(Math.max(60, refillSeconds))).build();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> limit(HttpRequest<?> request) {
        if (!config.isEnabled()) {
            return null;
        }
        Authentication authentication = request.getUserPrincipal(Authentication.class).orElse(null);
        if (authentication == null) {
            return null;
        }
        String caller = Caller.of(authentication).id();
        long now = System.nanoTime();
        long waitNanos = buckets.get(caller, c -> new TokenBucket(config.getRequestsPerSecond(), config.getBurst(), now)).take(now);
        if (waitNanos == 0) {
            return null;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
        return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).contentType(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(new Problem(Problem.type("rate_limited"), "Too many requests", 429,
                        "more than " + config.getRequestsPerSecond() + " requests per second (burst " + config.getBurst()
                                + ") for these credentials; retry after " + seconds + " s", request.getPath(), null));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
