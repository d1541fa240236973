package io.auditsearch.bench;

import io.auditsearch.elasticsearch.ManagedElasticsearchNode;
import io.auditsearch.elasticsearch.ManagedNodeOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Elasticsearch both sides of a benchmark talk to: {@code ELASTICSEARCH_URL} (credentials from
 * {@code ELASTICSEARCH_API_KEY} or {@code ELASTICSEARCH_USERNAME}/{@code ELASTICSEARCH_PASSWORD}, the
 * variables the service reads) when set, else a managed node (the service's own launcher, which
 * drops root privileges with setpriv) kept under {@code bench/target/<dir>/elasticsearch}.
 */
record Cluster(URI url, Optional<String> authorization, Optional<ManagedElasticsearchNode> node) implements AutoCloseable {

    static Cluster start(String dir, String heap) throws IOException {
        Optional<String> configured = env("ELASTICSEARCH_URL");
        if (configured.isPresent()) {
            Optional<String> authorization = env("ELASTICSEARCH_API_KEY").map(key -> "ApiKey " + key)
                    .or(() -> env("ELASTICSEARCH_USERNAME").map(user -> "Basic " + Base64.getEncoder().encodeToString(
                            (user + ":" + env("ELASTICSEARCH_PASSWORD").orElse("")).getBytes(StandardCharsets.UTF_8))));
            // like the service, ELASTICSEARCH_URL may list several nodes: the direct side uses the first
            return new Cluster(URI.create(configured.get().split(",")[0].strip()), authorization, Optional.empty());
        }
        Path zip = ManagedElasticsearchNode.findDistribution().orElseThrow(() -> new IllegalStateException(
                "ELASTICSEARCH_URL is not set and the managed node's distribution zip was not found: "
                        + "build with ./mvnw -B -q -DskipTests package, which copies it to app/target/elasticsearch"));
        Path base = benchTarget().resolve(dir).resolve("elasticsearch");
        System.out.println("Starting a managed Elasticsearch node (heap " + heap + ") under " + base);
        ManagedElasticsearchNode node = ManagedElasticsearchNode.start(new ManagedNodeOptions(zip, base, 0, 0, heap,
                "audit-search-bench", "bench-node", Map.of(), true));
        return new Cluster(node.httpUri(), Optional.empty(), Optional.of(node));
    }

    /** What ELASTICSEARCH_URL the service gets: the variable as given, or the managed node. */
    String urlForService() {
        return env("ELASTICSEARCH_URL").orElse(url.toString());
    }

    String describe() {
        return node.isPresent() ? "managed node " + url + " (pid " + node.get().pid() + ")" : "ELASTICSEARCH_URL " + url;
    }

    Http.Answer call(Http http, String method, String path, byte[] json) throws IOException, InterruptedException {
        return http.send(method, url.resolve(path), authorization, json != null && path.contains("_bulk")
                ? "application/x-ndjson" : "application/json", json);
    }

    Http.Answer call(Http http, String method, String path, String json) throws IOException, InterruptedException {
        return call(http, method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }

    @Override
    public void close() {
        node.ifPresent(ManagedElasticsearchNode::close);
    }

    /** {@code bench/target}, found from where this class was loaded ({@code bench/target/classes}). */
    static Path benchTarget() {
        try {
            return Path.of(Cluster.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
