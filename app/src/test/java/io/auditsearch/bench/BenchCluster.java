package io.auditsearch.bench;

import io.auditsearch.elasticsearch.ManagedElasticsearchNode;
import io.auditsearch.elasticsearch.ManagedNodeOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Elasticsearch the benchmark writes to, the {@code Authorization} header it wants (from the
 * same environment variables the service reads) and the managed node behind it if we started one.
 */
public record BenchCluster(URI url, Optional<String> authorization, Optional<ManagedElasticsearchNode> node) implements AutoCloseable {

    /**
     * {@code ELASTICSEARCH_URL} if set, else a managed node under {@code app/target/<dir>/elasticsearch}.
     *
     * @param dir  the benchmark's own directory under {@code app/target}
     * @param heap the managed node's heap
     */
    static BenchCluster start(String dir, String heap) throws IOException {
        Optional<String> configured = env("ELASTICSEARCH_URL");
        if (configured.isPresent()) {
            Optional<String> authorization = env("ELASTICSEARCH_API_KEY").map(key -> "ApiKey " + key)
                    .or(() -> env("ELASTICSEARCH_USERNAME").map(user -> "Basic " + Base64.getEncoder().encodeToString(
                            (user + ":" + env("ELASTICSEARCH_PASSWORD").orElse("")).getBytes(StandardCharsets.UTF_8))));
            // like the service, ELASTICSEARCH_URL may list several nodes: both paths use the first
            return new BenchCluster(URI.create(configured.get().split(",")[0].strip()), authorization, Optional.empty());
        }
        Path zip = ManagedElasticsearchNode.findDistribution().orElseThrow(() -> new IllegalStateException(
                "ELASTICSEARCH_URL is not set and the managed node's distribution zip was not found: "
                        + "run ./mvnw -pl app test-compile, which copies it to app/target/elasticsearch"));
        Path base = targetDirectory().resolve(dir).resolve("elasticsearch");
        ManagedElasticsearchNode node = ManagedElasticsearchNode.start(new ManagedNodeOptions(zip, base, 0, 0, heap,
                "audit-search-bench", "bench-node", Map.of(), true));
        return new BenchCluster(node.httpUri(), Optional.empty(), Optional.of(node));
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }

    /** CPU time used so far by the managed node's server JVM; empty for an external cluster. */
    Optional<Duration> cpu() {
        return node.flatMap(n -> ProcessHandle.of(n.pid())).flatMap(p -> p.info().totalCpuDuration());
    }

    @Override
    public void close() {
        node.ifPresent(ManagedElasticsearchNode::close);
    }

    /** {@code app/target}, found from where this class was loaded ({@code app/target/test-classes}). */
    static Path targetDirectory() {
        try {
            return Path.of(BenchCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
