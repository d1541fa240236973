package io.auditsearch.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The service started in this JVM on a free port against a cluster a test chose, with a data
 * dir (spool) of its own, for tests that start, restart and stop services themselves.
 */
public final class RunningService implements AutoCloseable {

    private final EmbeddedServer server;
    private final Path dataDir;

    private RunningService(EmbeddedServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** Starts a service against {@code elasticsearchUrl}; {@code properties} override the test defaults. */
    public static RunningService start(String elasticsearchUrl, Map<String, Object> properties) {
        Path dataDir = Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve("service-" + UUID.randomUUID());
        return start(elasticsearchUrl, dataDir, properties);
    }

    /** Starts a service on a given data dir (to restart one on the spool it left). */
    public static RunningService start(String elasticsearchUrl, Path dataDir, Map<String, Object> properties) {
        Map<String, Object> p = new HashMap<>();
        p.put("elasticsearch.url", elasticsearchUrl);
        p.put("audit.data-dir", dataDir.toString());
        p.put("micronaut.server.port", -1);
        p.putAll(properties);
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, p, "test");
        return new RunningService(server, dataDir);
    }

    public ServiceHttp http() {
        return new ServiceHttp(server.getURL().toString());
    }

    public Path dataDir() {
        return dataDir;
    }

    public <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
