package io.auditsearch.support;

import io.auditsearch.elasticsearch.ManagedElasticsearchNode;
import io.auditsearch.elasticsearch.ManagedNodeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * A managed Elasticsearch node of a test's own, on fixed ports so it can be stopped, killed and
 * started again at the same address with its data kept: what the fault tests need and the shared
 * {@link TestElasticsearch} node must not suffer.
 */
public final class DedicatedNode implements AutoCloseable {

    private final ManagedNodeOptions options;
    private ManagedElasticsearchNode node;

    private DedicatedNode(ManagedNodeOptions options) {
        this.options = options;
    }

    /** A single node under {@code target/test-data/<name>}. */
    public static DedicatedNode single(String name) {
        return new DedicatedNode(new ManagedNodeOptions(distribution(), dir(name), freePort(), freePort(), "512m",
                "audit-search-" + name, name, Map.of("action.destructive_requires_name", "false"), true));
    }

    /** A single node with extra node settings (static ones, such as thread pool sizes). */
    public static DedicatedNode single(String name, Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("action.destructive_requires_name", "false");
        return new DedicatedNode(new ManagedNodeOptions(distribution(), dir(name), freePort(), freePort(), "512m",
                "audit-search-" + name, name, Map.copyOf(all), true));
    }

    /** One node of a cluster that finds its peers on the given transport ports. */
    public static DedicatedNode clusterMember(String cluster, String name, int httpPort, int transportPort,
                                             Map<String, String> discovery) {
        return clusterMember(cluster, name, httpPort, transportPort, discovery, "512m");
    }

    /** One node of a cluster, with its own heap size (e.g. {@code 256m} where several share the machine). */
    public static DedicatedNode clusterMember(String cluster, String name, int httpPort, int transportPort,
                                             Map<String, String> discovery, String heap) {
        return new DedicatedNode(new ManagedNodeOptions(distribution(), dir(cluster + "-" + name), httpPort, transportPort,
                heap, cluster, name, discovery, false));
    }

    /** Starts the node (again) and waits for yellow health. */
    public synchronized DedicatedNode start() {
        try {
            node = ManagedElasticsearchNode.start(options);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + options.nodeName(), e);
        }
    }

    /** Starts it unless it runs. */
    public synchronized void ensureStarted() {
        if (node == null) {
            start();
        }
    }

    /** Stops it gracefully; data stays. */
    public synchronized void stop() {
        if (node != null) {
            node.stop();
            node = null;
        }
    }

    /** Kills it at once with SIGKILL, as a crash or a lost machine would. */
    public synchronized void kill() {
        if (node != null) {
            node.kill();
            node = null;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + options.httpPort();
    }

    @Override
    public void close() {
        stop();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path distribution() {
        return ManagedElasticsearchNode.findDistribution().orElseThrow(() -> new IllegalStateException(
                "the managed node's distribution zip was not found (run through ./mvnw)"));
    }

    private static Path dir(String name) {
        return Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve(name + "-" + ProcessHandle.current().pid());
    }
}
