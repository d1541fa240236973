package io.auditsearch.support;

import io.auditsearch.elasticsearch.ManagedElasticsearchNode;
import io.auditsearch.elasticsearch.ManagedNodeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one real Elasticsearch the test JVM uses, found in this order:
 * {@code ELASTICSEARCH_URL} if set; else the official 9.5 image through Testcontainers when a
 * Docker engine answers; else a managed node from the integ-test-zip distribution (started once,
 * stopped when the JVM exits).
 */
public final class TestElasticsearch {

    public static final String IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:" + ManagedElasticsearchNode.VERSION;

    /** Where the cluster came from, for skip messages and logs. */
    public enum Source { URL, TESTCONTAINERS, MANAGED_NODE }

    private static String url;
    private static Source source;

    private TestElasticsearch() {
    }

    public static synchronized String url() {
        if (url == null) {
            start();
        }
        return url;
    }

    public static synchronized Source source() {
        url();
        return source;
    }

    /** Properties pointing a {@code @MicronautTest} context at the test cluster. */
    public static Map<String, String> properties() {
        return Map.of("elasticsearch.url", url());
    }

    private static void start() {
        Optional<String> configured = Optional.ofNullable(System.getenv("ELASTICSEARCH_URL")).filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            url = configured.get();
            source = Source.URL;
        } else if (dockerAvailable()) {
            ElasticsearchContainer container = new ElasticsearchContainer(DockerImageName.parse(IMAGE))
                    .withEnv("xpack.security.enabled", "false")
                    .withEnv("ES_JAVA_OPTS", "-Xms1g -Xmx1g");
            container.start();
            url = "http://" + container.getHttpHostAddress();
            source = Source.TESTCONTAINERS;
        } else {
            url = managedNode().httpUri().toString();
            source = Source.MANAGED_NODE;
        }
        System.out.println("[test-elasticsearch] using " + source + " at " + url);
    }

    private static ManagedElasticsearchNode managedNode() {
        Path zip = ManagedElasticsearchNode.findDistribution().orElseThrow(() -> new IllegalStateException(
                "No Docker engine and no ELASTICSEARCH_URL, and the managed node's distribution zip was not found"
                        + " (run through ./mvnw, which copies it to app/target/elasticsearch)"));
        Path base = Path.of(System.getProperty("audit.test.data-dir", "target/test-data")).resolve("elasticsearch");
        try {
            // heap sized for the benchmark-like loads some tests make; the node is stopped by its shutdown hook
            return ManagedElasticsearchNode.start(new ManagedNodeOptions(zip, base, 0, 0, "1g", "audit-search-test",
                    "test-node", Map.of("action.destructive_requires_name", "false"), true));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the managed Elasticsearch node", e);
        }
    }

    private static boolean dockerAvailable() {
        if ("false".equals(System.getProperty("audit.test.docker"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
