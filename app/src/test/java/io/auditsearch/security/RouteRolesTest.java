package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Every route the router knows, called by every kind of caller (none, ingest, read, admin, tenant-bound read): the
 * caller is let through (any status but 401 and 403) exactly when this table says it may be. The table is the
 * intercept-url-map as a reviewer reads it; a route the router has and the table lacks fails the test, so a new
 * endpoint cannot ship without its rule being written down and checked.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class RouteRolesTest implements TestPropertyProvider {

    /**
     * Who may call a route: {@code anyone} (no credentials), {@code authenticated} (any role), or roles by name;
     * {@code own-token}: public, but the route answers 401 itself without a valid token of its own (the embed view).
     */
    private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        Set<String> anyone = Set.of("anyone");
        Set<String> authenticated = Set.of("authenticated");
        Set<String> read = Set.of("read", "admin");
        Set<String> ingest = Set.of("ingest", "admin");
        Set<String> admin = Set.of("admin");
        ALLOWED.put("GET /health", anyone);
        ALLOWED.put("GET /health/{selector}", anyone);
        ALLOWED.put("GET /prometheus", admin);
        ALLOWED.put("GET /openapi", authenticated);
        ALLOWED.put("POST /v1/events", ingest);
        ALLOWED.put("POST /v1/events/_bulk", ingest);
        ALLOWED.put("GET /v1/events", read);
        ALLOWED.put("POST /v1/events/_search", read);
        ALLOWED.put("GET /v1/events/{id}", read);
        ALLOWED.put("GET /v1/events/_aggregate", read);
        ALLOWED.put("POST /v1/events/_aggregate", read);
        ALLOWED.put("GET /v1/events/_export", read);
        ALLOWED.put("GET /v1/admin/keys", admin);
        ALLOWED.put("POST /v1/admin/keys", admin);
        ALLOWED.put("DELETE /v1/admin/keys/{id}", admin);
        ALLOWED.put("GET /v1/admin/dead-letters", admin);
        ALLOWED.put("POST /v1/admin/streams", admin);
        ALLOWED.put("GET /v1/admin/streams", admin);
        ALLOWED.put("GET /v1/admin/streams/{id}", admin);
        ALLOWED.put("DELETE /v1/admin/streams/{id}", admin);
        ALLOWED.put("POST /v1/admin/streams/{id}/_pause", admin);
        ALLOWED.put("POST /v1/admin/streams/{id}/_resume", admin);
        ALLOWED.put("POST /v1/admin/streams/{id}/_test", admin);
        ALLOWED.put("POST /v1/admin/streams/{id}/_replay", admin);
        ALLOWED.put("GET /v1/admin/streams/{id}/dead-letters", admin);
        ALLOWED.put("POST /v1/admin/streams/{id}/dead-letters/_replay", admin);
        ALLOWED.put("GET /v1/retention", admin);
        ALLOWED.put("GET /v1/retention/holds", admin);
        ALLOWED.put("POST /v1/retention/holds", admin);
        ALLOWED.put("DELETE /v1/retention/holds/{id}", admin);
        ALLOWED.put("GET /v1/events/{id}/proof", read);
        ALLOWED.put("GET /console", anyone);
        ALLOWED.put("GET /console/admin/{page}", anyone);
        ALLOWED.put("GET /console/assets/{name}", anyone);
        ALLOWED.put("GET /console/api/me", authenticated);
        ALLOWED.put("GET /console/embed", Set.of("anyone", "own-token"));
        ALLOWED.put("POST /v1/admin/viewer-tokens", admin);
        ALLOWED.put("GET /v1/integrity/public-key", read);
        ALLOWED.put("GET /v1/integrity/logs", read);
        ALLOWED.put("GET /v1/integrity/checkpoint", read);
        ALLOWED.put("GET /v1/integrity/consistency", read);
        ALLOWED.put("GET /v1/integrity/tile/{+path}", read);
    }

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Inject
    EmbeddedServer server;
    @Inject
    Router router;

    private final Map<String, CallerHttp> callers = new LinkedHashMap<>();

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    @BeforeAll
    void callers() {
        URI uri = server.getURI();
        callers.put("none", CallerHttp.anonymous(uri));
        callers.put("ingest", CallerHttp.apiKey(uri, Keys.key(uri, "route-ingest-" + RUN, null, "ingest")));
        callers.put("read", CallerHttp.apiKey(uri, Keys.key(uri, "route-read-" + RUN, null, "read")));
        callers.put("admin", CallerHttp.apiKey(uri, Keys.key(uri, "route-admin-" + RUN, null, "admin")));
        callers.put("tenant-read", CallerHttp.apiKey(uri, Keys.key(uri, "route-tenant-" + RUN, "tenant-" + RUN, "read")));
    }

    /** The router's routes as "METHOD /template", without the optional query parts of templates. */
    private Set<String> routes() {
        Set<String> routes = new TreeSet<>();
        router.uriRoutes().forEach(r -> routes.add(r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString()));
        // HEAD answers as GET does (the framework adds it to every GET route), so it follows GET's rule
        routes.removeIf(r -> r.startsWith("HEAD ") && routes.contains("GET " + r.substring(5)));
        return routes;
    }

    @Test
    void everyRouteTheRouterKnowsHasARuleInThisTable() {
        List<String> missing = routes().stream().filter(r -> !ALLOWED.containsKey(r)).toList();
        assertTrue(missing.isEmpty(), "routes without a role rule in this test (add the rule to application.yml's "
                + "intercept-url-map and here): " + missing);
        List<String> gone = ALLOWED.keySet().stream().filter(r -> !routes().contains(r)).toList();
        assertTrue(gone.isEmpty(), "rules for routes the router no longer has: " + gone);
    }

    @Test
    void everyCallerIsLetThroughExactlyWhereTheTableSays() {
        List<String> wrong = new ArrayList<>();
        for (String route : routes()) {
            Set<String> allowed = ALLOWED.getOrDefault(route, Set.of());
            String method = route.substring(0, route.indexOf(' '));
            // path variables get a value no resource has; refusals come before the route runs, so nothing happens
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "no-such-" + RUN);
            for (Map.Entry<String, CallerHttp> caller : callers.entrySet()) {
                for (String asked : method.equals("GET") ? List.of("GET", "HEAD") : List.of(method)) {
                boolean may = allowed.contains("anyone")
                        || (!caller.getKey().equals("none") && allowed.contains("authenticated"))
                        || allowed.contains(caller.getKey().equals("tenant-read") ? "read" : caller.getKey());
                int expectedRefusal = caller.getKey().equals("none") ? 401 : 403;
                boolean bodyless = asked.equals("GET") || asked.equals("HEAD") || asked.equals("DELETE");
                CallerHttp.Response r = caller.getValue().send(asked, path + (method.equals("GET") ? "?from=now-1m" : ""),
                        bodyless ? null : "application/json", bodyless ? null : "{}");
                boolean letThrough = r.status() != 403 && (r.status() != 401 || allowed.contains("own-token"));
                if (may != letThrough || (!may && r.status() != expectedRefusal)) {
                    wrong.add(caller.getKey() + " " + asked + route.substring(method.length()) + " -> " + r.status()
                            + (may ? " (should pass)" : " (should be " + expectedRefusal + ")"));
                }
                }
            }
        }
        assertTrue(wrong.isEmpty(), "callers let through or refused against the table: " + wrong);
    }
}
