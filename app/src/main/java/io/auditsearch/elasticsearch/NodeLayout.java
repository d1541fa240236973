package io.auditsearch.elasticsearch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Where a managed node keeps its files: home, config, data, logs, tmp and run below one base directory. */
record NodeLayout(Path base) {

    static NodeLayout choose(Path baseDir, RunAs runAs) throws IOException {
        Path base = baseDir.toAbsolutePath().normalize();
        Files.createDirectories(base);
        if (!runAs.dropsPrivileges()) {
            return new NodeLayout(base.toRealPath());
        }
        base = base.toRealPath();
        runAs.allowTraversal(base); // the base directory is ours; only its ancestors may keep the node out
        if (runAs.canReach(base)) {
            return new NodeLayout(base);
        }
        Path fallback = Path.of("/var/tmp", "audit-search-es-" + shortHash(base.toString()));
        ManagedElasticsearchNode.LOG.log(System.Logger.Level.WARNING, "uid {0} cannot reach {1} (an ancestor directory is closed to it), "
                + "so the managed Elasticsearch keeps its files in {2} instead", String.valueOf(runAs.uid()), base, fallback);
        Files.createDirectories(fallback);
        runAs.allowTraversal(fallback);
        return new NodeLayout(fallback);
    }

    Path home() { return base.resolve("home"); }
    Path config() { return base.resolve("config"); }
    Path data() { return base.resolve("data"); }
    Path logs() { return base.resolve("logs"); }
    Path tmp() { return base.resolve("tmp"); }
    Path run() { return base.resolve("run"); }
    Path pidFile() { return run().resolve("elasticsearch.pid"); }
    Path consoleLog() { return logs().resolve("console.log"); }

    /** Creates the directories the node writes to, closed to everyone else. */
    List<Path> createNodeDirectories() throws IOException {
        List<Path> dirs = List.of(config(), data(), logs(), tmp(), run());
        for (Path dir : dirs) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dirs;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
