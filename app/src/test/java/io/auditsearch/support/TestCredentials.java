package io.auditsearch.support;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.ClientFilter;
import io.micronaut.http.annotation.RequestFilter;
import java.util.Map;

/**
 * The credentials of the test suite: an admin key configured by its hash in application-test.yml
 * ({@code audit.security.static-keys.test-admin}), and a client filter that sends it on every
 * request of the test's Micronaut HTTP clients that carries no {@code Authorization} of its own.
 * Security tests that need no or other credentials use plain {@code java.net.http} instead.
 */
@ClientFilter(ClientFilter.MATCH_ALL_PATTERN)
public class TestCredentials {

    /** The test suite's admin key; only its SHA-256 is in the configuration. */
    public static final String ADMIN_KEY = "test-suite-admin-key-not-for-production-0123456789";
    public static final String ADMIN_KEY_SHA256 = "c1031e610ee45c2318a30cd9393fb37f073773f5ae643c6ed5f4b3c820d8f07f";

    /** For a context started outside the "test" environment (the benchmarks): the same key, no rate limit. */
    public static Map<String, Object> properties() {
        return Map.of("audit.security.static-keys.test-admin.sha256", ADMIN_KEY_SHA256,
                "audit.security.static-keys.test-admin.roles", "admin",
                "audit.security.rate-limit.enabled", false);
    }

    public static String authorization() {
        return "ApiKey " + ADMIN_KEY;
    }

    @RequestFilter
    void authorize(MutableHttpRequest<?> request) {
        if (!request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
            request.header(HttpHeaders.AUTHORIZATION, authorization());
        }
    }
}
