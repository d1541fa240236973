package io.auditsearch.elasticsearch;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to run one {@link ManagedElasticsearchNode}.
 *
 * @param distributionZip the {@code integ-test-zip} distribution, see {@link ManagedElasticsearchNode#findDistribution()}
 * @param baseDir         the node's own directory (home, config, data, logs, tmp, run are created below it)
 * @param httpPort        HTTP port on 127.0.0.1; 0 picks a free port on every start
 * @param transportPort   transport port on 127.0.0.1; 0 picks a free port on every start
 * @param heap            JVM heap, used for both -Xms and -Xmx, e.g. {@code "512m"} or {@code "1g"}
 * @param clusterName     {@code cluster.name}
 * @param nodeName        {@code node.name}
 * @param extraSettings   further {@code elasticsearch.yml} entries, written verbatim as {@code key: value}
 *                        (the value is YAML, e.g. {@code ["a:9300", "b:9300"]}); they override the defaults
 * @param singleNode      whether to set {@code discovery.type: single-node}
 */
public record ManagedNodeOptions(
        Path distributionZip,
        Path baseDir,
        int httpPort,
        int transportPort,
        String heap,
        String clusterName,
        String nodeName,
        Map<String, String> extraSettings,
        boolean singleNode) {

    private static final Pattern HEAP = Pattern.compile("\\d+[kKmMgG]?");

    public ManagedNodeOptions {
        Objects.requireNonNull(distributionZip, "distributionZip");
        Objects.requireNonNull(baseDir, "baseDir");
        requirePort(httpPort, "httpPort");
        requirePort(transportPort, "transportPort");
        if (heap == null || !HEAP.matcher(heap).matches()) {
            throw new IllegalArgumentException("heap must look like 512m or 1g, was: " + heap);
        }
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(nodeName, "nodeName");
        extraSettings = extraSettings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraSettings));
        extraSettings.forEach((key, value) -> {
            if (key.isBlank() || (key + value).contains("\n") || (key + value).contains("\r")) {
                throw new IllegalArgumentException("extraSettings entries must be one-line 'key: value' pairs, got: " + key);
            }
        });
    }

    /** A single node on free ports with a 512 MB heap: what tests and a local run need. */
    public static ManagedNodeOptions singleNode(Path distributionZip, Path baseDir) {
        return new ManagedNodeOptions(distributionZip, baseDir, 0, 0, "512m",
                "audit-search", "audit-search-node", Map.of(), true);
    }

    private static void requirePort(int port, String name) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0 (free port) or 1-65535, was: " + port);
        }
    }
}
