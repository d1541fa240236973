package io.auditsearch.security;

import io.auditsearch.problem.ApiException;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: ApiKey <key>}. The lookup is asynchronous (a cache hit or a realtime
 * get through the async client), so the event loop never blocks. An unknown key yields no caller and
 * the security filter answers 401; a key that cannot be checked (the key store unreachable, the key never seen
 * by this instance) is a 503 with Retry-After. Refused keys are counted per source address
 * ({@link FailedAuthentications}); an address over its budget gets 429 before its key is looked up.
 */
@Singleton
class ApiKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    static final String SCHEME = "ApiKey";

    private final ApiKeyAuthenticator keys;
    private final FailedAuthentications failures;

    ApiKeyAuthenticationFetcher(ApiKeyAuthenticator keys, FailedAuthentications failures) {
        this.keys = keys;
        this.failures = failures;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        Optional<String> key = presentedKey(request);
        if (key.isEmpty()) {
            return Mono.empty();
        }
        // an address that sent too many wrong keys is refused before its key costs a lookup
        String address = sourceAddress(request);
        Optional<ApiException> refused = failures.refusal(address);
        if (refused.isPresent()) {
            return Mono.error(refused.get());
        }
        // a key that cannot be checked is a 503 (come back), never a 401 (your key is wrong)
        return Mono.fromFuture(() -> keys.authenticate(key.get())).flatMap(Mono::justOrEmpty)
                .switchIfEmpty(Mono.fromRunnable(() -> failures.failed(address)))
                .onErrorResume(e -> unavailable(e).map(p -> Mono.<Authentication>error(p)).orElseGet(Mono::empty));
    }

    private static Optional<ApiException> unavailable(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof ApiException problem ? Optional.of(problem) : Optional.empty();
    }

    /** The TCP peer's address (never a forwarded-for header, which the sender writes itself). */
    private static String sourceAddress(HttpRequest<?> request) {
        java.net.InetSocketAddress remote = request.getRemoteAddress();
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    static Optional<String> presentedKey(HttpRequest<?> request) {
        return request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1))
                .map(h -> h.substring(SCHEME.length() + 1).strip())
                .filter(k -> !k.isEmpty());
    }
}
