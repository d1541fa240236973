package io.auditsearch.micronaut;

import io.micronaut.security.authentication.Authentication;
import java.security.Principal;
import java.util.List;

/** Reads micronaut-security's {@link Authentication}; only touched when micronaut-security is on the class path. */
final class SecurityFacts {

    private SecurityFacts() {
    }

    static List<String> roles(Principal principal) {
        return principal instanceof Authentication a ? List.copyOf(a.getRoles()) : List.of();
    }

    static String attribute(Principal principal, String name) {
        Object value = principal instanceof Authentication a ? a.getAttributes().get(name) : null;
        return value == null ? null : value.toString();
    }
}
