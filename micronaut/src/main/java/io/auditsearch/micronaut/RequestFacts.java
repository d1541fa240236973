package io.auditsearch.micronaut;

import io.micronaut.core.reflect.ClassUtils;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;

/**
 * What the current HTTP request says about who and from where: the principal (its roles and the
 * tenant attribute when micronaut-security authenticated it), the source IP, the user agent and the
 * request id. All null outside a request.
 */
record RequestFacts(String userId, List<String> roles, String tenant, String sourceIp, String userAgent, String requestId) {

    static final RequestFacts NONE = new RequestFacts(null, List.of(), null, null, null, null);
    private static final boolean SECURITY = ClassUtils.isPresent("io.micronaut.security.authentication.Authentication",
            RequestFacts.class.getClassLoader());

    /** The facts of the request this thread serves, if any. */
    static RequestFacts current(String tenantAttribute) {
        return ServerRequestContext.currentRequest().map(r -> of(r, tenantAttribute)).orElse(NONE);
    }

    static RequestFacts of(HttpRequest<?> request, String tenantAttribute) {
        String user = null;
        List<String> roles = List.of();
        String tenant = null;
        Principal principal = request.getUserPrincipal().orElse(null);
        if (principal != null) {
            user = principal.getName();
            if (SECURITY) {
                roles = SecurityFacts.roles(principal);
                tenant = SecurityFacts.attribute(principal, tenantAttribute);
            }
        }
        if (tenant == null) {
            tenant = request.getAttribute(tenantAttribute, String.class).orElse(null);
        }
        InetSocketAddress remote = request.getRemoteAddress();
        String ip = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        return new RequestFacts(user, roles, tenant, ip, request.getHeaders().get("User-Agent"), request.getHeaders().get("X-Request-Id"));
    }
}
