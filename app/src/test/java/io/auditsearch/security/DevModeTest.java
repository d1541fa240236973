package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.LogCapture;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The only unauthenticated mode is an explicit flag, and each start with it says so as a WARN. */
class DevModeTest {

    @Test
    void devModeServesAnonymousCallersAsAdminAndWarnsOnStart() {
        LogCapture.start();
        Map<String, Object> p = new HashMap<>(TestElasticsearch.properties());
        p.put("micronaut.server.port", -1);
        p.put("audit.security.dev-mode-unauthenticated", true);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, p)) {
            assertFalse(LogCapture.lines().stream().filter(l -> l.startsWith("WARN"))
                    .filter(l -> l.contains("dev-mode-unauthenticated=true")).toList().isEmpty(), "no WARN on start");
            assertEquals(200, CallerHttp.anonymous(server.getURI()).get("/v1/admin/keys").status());
            // credentials given are still checked
            assertEquals(401, CallerHttp.apiKey(server.getURI(), "wrong").get("/v1/admin/keys").status());
        }
    }
}
