package io.auditsearch.console;

import io.auditsearch.security.Caller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /console/api/me}: who the console is signed in as (checks a credential at sign-in and shows the admin pages to admins). */
@Controller
@Hidden
class MeController {

    static final String PATH = "/console/api/me";

    @Get(uri = PATH, produces = MediaType.APPLICATION_JSON)
    Map<String, Object> me(HttpRequest<?> request) {
        Caller caller = Caller.of(request);
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", caller.id());
        me.put("name", caller.name());
        me.put("roles", caller.roles());
        me.put("tenant", caller.tenant().orElse(null));
        Authentication authentication = request.getUserPrincipal(Authentication.class).orElseThrow();
        if (ViewerScopeFilter.isViewer(caller.roles())) {
            me.put("viewer", Map.of(
                    "filters", ViewerScopeFilter.filters(authentication),
                    "expires_at", String.valueOf(authentication.getAttributes().get(ViewerAuthenticationFetcher.EXPIRES)),
                    "token_id", String.valueOf(authentication.getAttributes().get(ViewerAuthenticationFetcher.TOKEN_ID))));
        } else {
            me.put("viewer", null);
        }
        return me;
    }
}
