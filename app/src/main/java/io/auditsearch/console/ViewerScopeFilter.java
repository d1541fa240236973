package io.auditsearch.console;

import io.auditsearch.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holds a viewer token's caller to what the token grants, on the server, whatever the page asks:
 * <ul>
 *   <li>only {@code GET /v1/events} (search pages), {@code GET /v1/events/_aggregate} and {@code GET /console/api/me};
 *       everything else, get by id and export included, is a 403;</li>
 *   <li>each fixed filter must be sent with exactly the token's values. Values of one filter are OR-ed and filters
 *       AND-ed, so with the fixed values present the request's other filters can only narrow; a cursor is accepted
 *       with them only when its own search had the same filters ({@code cursor_mismatch} otherwise), so a cursor
 *       cannot carry a wider query in either.</li>
 * </ul>
 * The tenant needs nothing here: the caller is tenant-bound, and the search layer adds the tenant to every query.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class ViewerScopeFilter implements Ordered {

    static final Set<String> READABLE = Set.of("/v1/events", "/v1/events/_aggregate", MeController.PATH);

    @RequestFilter
    @Nullable
    HttpResponse<?> enforce(HttpRequest<?> request) {
        Authentication caller = request.getUserPrincipal(Authentication.class).orElse(null);
        if (caller == null || !caller.getRoles().contains(ViewerAuthenticationFetcher.ROLE)) {
            return null;
        }
        if (request.getMethod() != HttpMethod.GET || !READABLE.contains(request.getPath())) {
            return refused(request, "a viewer token reads only GET /v1/events and GET /v1/events/_aggregate");
        }
        if (request.getPath().equals(MeController.PATH)) {
            return null;
        }
        for (Map.Entry<String, List<String>> fixed : filters(caller).entrySet()) {
            Set<String> sent = new TreeSet<>();
            for (String v : request.getParameters().getAll(fixed.getKey())) {
                if (!v.isBlank()) {
                    sent.add(v.strip());
                }
            }
            if (!sent.equals(new TreeSet<>(fixed.getValue()))) {
                return refused(request, "this viewer token fixes " + fixed.getKey() + "=" + String.join(",", fixed.getValue())
                        + "; send exactly these values");
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, List<String>> filters(Authentication caller) {
        Object filters = caller.getAttributes().get(ViewerAuthenticationFetcher.FILTERS);
        return filters instanceof Map<?, ?> map ? (Map<String, List<String>>) map : Map.of();
    }

    private static HttpResponse<?> refused(HttpRequest<?> request, String detail) {
        return HttpResponse.status(HttpStatus.FORBIDDEN).contentType(Problem.MEDIA_TYPE)
                .body(new Problem(Problem.type("forbidden"), "Forbidden", 403, detail, request.getPath(), null));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    static boolean isViewer(Collection<String> roles) {
        return roles.contains(ViewerAuthenticationFetcher.ROLE);
    }
}
