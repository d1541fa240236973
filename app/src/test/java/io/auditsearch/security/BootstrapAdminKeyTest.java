package io.auditsearch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.LogCapture;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Secure by default: a service started with no key at all (outside the test environment, so without
 * the suite's configured key) creates an admin key, writes it 0600 under the data directory, logs
 * the path and not the key, and keeps it across a restart.
 */
class BootstrapAdminKeyTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static EmbeddedServer start(Path dataDir, String keysIndex) {
        Map<String, Object> p = new HashMap<>(TestElasticsearch.properties());
        p.put("micronaut.server.port", -1);
        p.put("audit.data-dir", dataDir.toString());
        p.put("audit.security.keys-index", keysIndex);
        // no "test" environment: application-test.yml and its configured key do not apply
        ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).properties(p).start();
        return context.getBean(EmbeddedServer.class).start();
    }

    @Test
    void firstStartWithoutKeysWritesAnAdminKeyReadableByTheOwnerOnly() throws IOException {
        LogCapture.start();
        Path dataDir = Path.of(System.getProperty("audit.test.data-dir", "target/test-data"), "bootstrap-" + RUN);
        String index = "audit-search-api-keys-bootstrap-" + RUN;
        Path file = dataDir.resolve("bootstrap-admin.key");
        try {
            String key;
            try (EmbeddedServer server = start(dataDir, index)) {
                assertTrue(Files.exists(file), "no " + file);
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                key = Files.readString(file).strip();
                Keys.CREATED.add(key);
                assertEquals(200, CallerHttp.apiKey(server.getURI(), key).get("/v1/admin/keys").status());
                assertEquals(401, CallerHttp.anonymous(server.getURI()).get("/v1/admin/keys").status());
                assertFalse(LogCapture.containing(file.toString()).isEmpty(), "the path is not logged");
                LogCapture.assertNoneContain(List.of(key));
            }
            try (EmbeddedServer again = start(dataDir, index)) {
                assertEquals(key, Files.readString(file).strip(), "a restart made a new key");
                assertEquals(200, CallerHttp.apiKey(again.getURI(), key).get("/v1/admin/keys").status());
            }
        } finally {
            ElasticsearchHttp.send("DELETE", "/" + index, null);
        }
    }
}
