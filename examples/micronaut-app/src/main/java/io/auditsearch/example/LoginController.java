package io.auditsearch.example;

import io.auditsearch.client.Actor;
import io.auditsearch.client.CatalogEvent;
import io.auditsearch.micronaut.RequestAudit;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * A login form's endpoint: whether it succeeded is known only here, so it records the catalog's
 * {@code USER_LOGIN_SUCCEEDED} or {@code USER_LOGIN_FAILED} itself (with the request's IP, user
 * agent and request id filled in by {@link RequestAudit}).
 */
@Controller("/login")
class LoginController {

    @Serdeable
    record Login(String username, String password) {
    }

    private final Users users;
    private final RequestAudit audit;

    LoginController(Users users, RequestAudit audit) {
        this.users = users;
        this.audit = audit;
    }

    @Post
    HttpResponse<Map<String, String>> login(@Body Login login) {
        return users.check(login.username(), login.password())
                .map(u -> {
                    audit.record(audit.event(CatalogEvent.USER_LOGIN_SUCCEEDED)
                            .actor(Actor.of(u.name(), u.name()).withRoles(u.roles().toArray(String[]::new)))
                            .organization(u.tenant()));
                    return HttpResponse.ok(Map.of("user", u.name()));
                })
                .orElseGet(() -> {
                    audit.record(audit.event(CatalogEvent.USER_LOGIN_FAILED)
                            .actor(Actor.of(null, login.username()))
                            .detail("reason", "bad_credentials"));
                    return HttpResponse.unauthorized();
                });
    }
}
