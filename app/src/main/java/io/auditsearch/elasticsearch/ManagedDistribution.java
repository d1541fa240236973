package io.auditsearch.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The managed node's distribution: where the integ-test-zip is found, and its one-time extraction into home/. */
final class ManagedDistribution {

    private static final String INSTALLED_MARKER = ".installed-distribution";

    private ManagedDistribution() {
    }

    /**
     * Finds the distribution zip: system property {@code audit.elasticsearch.distribution}, environment
     * variable {@code AUDIT_ELASTICSEARCH_DISTRIBUTION}, {@code elasticsearch/elasticsearch-9.5.3.zip}
     * beside the running jar (or classes directory), then the local Maven repository.
     */
    static Optional<Path> find() {
        String zipName = "elasticsearch-" + ManagedElasticsearchNode.VERSION + ".zip";
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("audit.elasticsearch.distribution")).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("AUDIT_ELASTICSEARCH_DISTRIBUTION")).map(Path::of).ifPresent(candidates::add);
        int configured = candidates.size();
        codeLocation().map(location -> location.resolveSibling("elasticsearch").resolve(zipName)).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "elasticsearch",
                "distribution", "integ-test-zip", "elasticsearch", ManagedElasticsearchNode.VERSION, zipName));
        for (int i = 0; i < candidates.size(); i++) {
            Path candidate = candidates.get(i);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
            ManagedElasticsearchNode.LOG.log(i < configured ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "No Elasticsearch distribution at {0}", candidate);
        }
        return Optional.empty();
    }

    /** Extracts the zip into home/ unless that version is already there; bin/ scripts become executable. */
    static void install(Path zip, NodeLayout layout) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IOException("Elasticsearch distribution not found at " + zip);
        }
        try (var zipFile = new ZipFile(zip.toFile())) {
            String root = zipFile.stream().map(ZipEntry::getName).filter(name -> name.endsWith("/bin/elasticsearch"))
                    .map(name -> name.substring(0, name.length() - "bin/elasticsearch".length()))
                    .findFirst()
                    .orElseThrow(() -> new IOException(zip + " is not an Elasticsearch distribution: it has no bin/elasticsearch"));
            String version = root.replace("/", "");
            Path marker = layout.home().resolve(INSTALLED_MARKER);
            if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(version)) {
                return;
            }
            ManagedElasticsearchNode.LOG.log(System.Logger.Level.INFO, "Extracting {0} into {1}", zip, layout.home());
            Path staging = layout.base().resolve("home.partial");
            ManagedElasticsearchNode.deleteRecursively(staging);
            Files.createDirectories(staging);
            for (ZipEntry entry : zipFile.stream().filter(e -> e.getName().startsWith(root)).toList()) {
                Path target = staging.resolve(entry.getName().substring(root.length())).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("Refusing zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zipFile.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                boolean script = staging.relativize(target).startsWith("bin") && !entry.getName().matches(".*\\.(bat|exe)$");
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(script ? "rwxr-xr-x" : "rw-r--r--"));
            }
            try (Stream<Path> paths = Files.walk(staging)) {
                for (Path dir : paths.filter(Files::isDirectory).toList()) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            Files.writeString(staging.resolve(INSTALLED_MARKER), version);
            ManagedElasticsearchNode.deleteRecursively(layout.home());
            Files.move(staging, layout.home(), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = ManagedDistribution.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
