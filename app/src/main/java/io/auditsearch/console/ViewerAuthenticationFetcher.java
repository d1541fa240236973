package io.auditsearch.console;

import io.auditsearch.security.Caller;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: Viewer <token>}: a valid viewer token is a caller with the single role
 * {@code viewer}, bound to the token's tenant (so every read gets the tenant as a query filter, as for a
 * tenant-bound key), carrying its fixed filters for {@link ViewerScopeFilter}. A bad or expired token yields no
 * caller: the security filter answers 401.
 */
@Singleton
class ViewerAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    static final String SCHEME = "Viewer";
    static final String ROLE = "viewer";
    static final String FILTERS = "viewer_filters";
    static final String EXPIRES = "viewer_expires";
    static final String TOKEN_ID = "viewer_token_id";

    private final ViewerTokens tokens;

    ViewerAuthenticationFetcher(ViewerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        return Mono.justOrEmpty(presented(request))
                .map(tokens::verify)
                .filter(ViewerTokens.Valid.class::isInstance)
                .map(v -> authentication(((ViewerTokens.Valid) v).grant()));
    }

    static Optional<String> presented(HttpRequest<?> request) {
        return request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)
                .filter(h -> h.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1))
                .map(h -> h.substring(SCHEME.length() + 1).strip())
                .filter(t -> !t.isEmpty());
    }

    private static Authentication authentication(ViewerGrant grant) {
        return Authentication.build(grant.callerId() + " (minted by " + grant.mintedBy() + ")", List.of(ROLE), Map.of(
                Caller.ID, grant.callerId(),
                Caller.TENANT, grant.tenant(),
                FILTERS, grant.filters(),
                EXPIRES, grant.expires().toString(),
                TOKEN_ID, grant.id()));
    }
}
