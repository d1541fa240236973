package io.auditsearch.elasticsearch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * The managed node's {@code config/} directory: the distribution's files copied once (those it
 * owns refreshed on every start), and {@code elasticsearch.yml} written anew from the options.
 */
final class NodeConfigFile {

    private static final List<String> DISTRIBUTION_OWNED_CONFIG = List.of("jvm.options", "log4j2.properties");

    private NodeConfigFile() {
    }

    static void write(ManagedNodeOptions options, NodeLayout layout, int httpPort, int transportPort) throws IOException {
        Path distributionConfig = layout.home().resolve("config");
        try (Stream<Path> files = Files.walk(distributionConfig)) {
            for (Path source : files.filter(Files::isRegularFile).toList()) {
                Path relative = distributionConfig.relativize(source);
                Path target = layout.config().resolve(relative.toString());
                if (relative.toString().equals("elasticsearch.yml")) {
                    continue;
                }
                if (!Files.exists(target) || DISTRIBUTION_OWNED_CONFIG.contains(relative.toString())) {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        var settings = new LinkedHashMap<String, String>();
        settings.put("cluster.name", yamlString(options.clusterName()));
        settings.put("node.name", yamlString(options.nodeName()));
        settings.put("path.data", yamlString(layout.data().toString()));
        settings.put("path.logs", yamlString(layout.logs().toString()));
        settings.put("network.host", "127.0.0.1");
        settings.put("http.port", Integer.toString(httpPort));
        settings.put("transport.port", Integer.toString(transportPort));
        if (options.singleNode()) {
            settings.put("discovery.type", "single-node");
        }
        settings.put("xpack.security.enabled", "false");
        // a full disk on a developer machine must not turn indices read-only
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        settings.putAll(options.extraSettings());

        var yaml = new StringBuilder("# Written by ManagedElasticsearchNode on every start; set ManagedNodeOptions.extraSettings instead of editing.\n");
        settings.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Files.writeString(layout.config().resolve("elasticsearch.yml"), yaml, StandardCharsets.UTF_8);
    }

    private static String yamlString(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
