package io.auditsearch.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.LogCapture;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The service against an Elasticsearch with security on: TLS on HTTP (a CA and node certificate made
 * by the distribution's own elasticsearch-certutil), and a file-realm user holding only the minimal
 * role docs/operations.md documents. Trust is given as the CA's PEM file, then as its SHA-256 fingerprint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredElasticsearchTest {

    private static final String USER = "audit_service";
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    private ManagedElasticsearchNode node;
    private Path caCertificate;

    @BeforeAll
    void startSecuredNode() throws Exception {
        LogCapture.start();
        Path zip = ManagedElasticsearchNode.findDistribution().orElse(null);
        Assumptions.assumeTrue(zip != null, "the managed node's distribution zip (integ-test-zip 9.5.3) was not found");
        Path base = Path.of(System.getProperty("audit.test.data-dir", "target/test-data"), "secured-elasticsearch");
        ManagedElasticsearchNode.deleteRecursively(base);
        RunAs runAs = RunAs.forCurrentUser();
        NodeLayout layout = NodeLayout.choose(base, runAs);
        ManagedElasticsearchNode.deleteRecursively(layout.base().resolve("data"));
        shareExtractedHome(layout, runAs);
        ManagedDistribution.install(zip, layout);

        Path config = layout.config();
        copyDistributionConfig(layout.home().resolve("config"), config);
        Path work = Files.createDirectories(layout.base().resolve("certutil"));
        Files.deleteIfExists(work.resolve("ca.zip"));
        Files.deleteIfExists(work.resolve("node.zip"));
        tool(layout, config, "elasticsearch-certutil", "ca", "--pem", "--silent", "--out", work.resolve("ca.zip").toString());
        unzip(work.resolve("ca.zip"), work);
        tool(layout, config, "elasticsearch-certutil", "cert", "--pem", "--silent", "--name", "node", "--ip", "127.0.0.1",
                "--dns", "localhost", "--ca-cert", work.resolve("ca/ca.crt").toString(), "--ca-key", work.resolve("ca/ca.key").toString(),
                "--out", work.resolve("node.zip").toString());
        unzip(work.resolve("node.zip"), work);
        Path certs = Files.createDirectories(config.resolve("certs"));
        // the node sends its certificate with the CA's, as a cluster's auto-configuration does: the fingerprint names the CA
        Files.writeString(certs.resolve("node.crt"), Files.readString(work.resolve("node/node.crt")) + Files.readString(work.resolve("ca/ca.crt")));
        Files.copy(work.resolve("node/node.key"), certs.resolve("node.key"), StandardCopyOption.REPLACE_EXISTING);
        caCertificate = work.resolve("ca/ca.crt");

        try (InputStream role = getClass().getResourceAsStream("/elasticsearch/audit-search-role.yml")) {
            Files.copy(role, config.resolve("roles.yml"), StandardCopyOption.REPLACE_EXISTING);
        }
        tool(layout, config, "elasticsearch-users", "useradd", USER, "-p", PASSWORD, "-r", "audit_search");

        Map<String, String> settings = new HashMap<>();
        settings.put("xpack.security.enabled", "true");
        settings.put("xpack.security.http.ssl.enabled", "true");
        settings.put("xpack.security.http.ssl.key", "certs/node.key");
        settings.put("xpack.security.http.ssl.certificate", "certs/node.crt");
        settings.put("xpack.security.transport.ssl.enabled", "false");
        node = ManagedElasticsearchNode.start(new ManagedNodeOptions(zip, base, 0, 0, "512m", "audit-search-secured",
                "secured-node", settings, true));
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** The suite's node has extracted the distribution already: use that home instead of extracting 130 MB again. */
    private static void shareExtractedHome(NodeLayout layout, RunAs runAs) throws IOException {
        if (TestElasticsearch.source() != TestElasticsearch.Source.MANAGED_NODE || Files.exists(layout.home())) {
            return;
        }
        Path shared = NodeLayout.choose(Path.of(System.getProperty("audit.test.data-dir", "target/test-data"), "elasticsearch"), runAs).home();
        if (Files.isDirectory(shared)) {
            Files.createSymbolicLink(layout.home(), shared);
        }
    }

    private static void copyDistributionConfig(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Runs one of the distribution's CLI tools on the node's config directory. */
    private static void tool(NodeLayout layout, Path config, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(layout.home().resolve("bin").resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("ES_PATH_CONF", config.toString());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), name + " did not finish");
        assertEquals(0, process.exitValue(), name + " " + args[0] + " failed: " + output.replace(PASSWORD, "<password>"));
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (var entry : file.stream().filter(e -> !e.isDirectory()).toList()) {
                Path target = into.resolve(entry.getName()).normalize();
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private EmbeddedServer service(String trustProperty, String trustValue) {
        Map<String, Object> p = new HashMap<>();
        p.put("elasticsearch.url", node.httpUri().toString());
        p.put("elasticsearch.username", USER);
        p.put("elasticsearch.password", PASSWORD);
        p.put(trustProperty, trustValue);
        p.put("micronaut.server.port", -1);
        return ApplicationContext.run(EmbeddedServer.class, p);
    }

    private static void ingestAndSearch(EmbeddedServer service, String label) {
        String id = label + "-" + UUID.randomUUID();
        CallerHttp admin = CallerHttp.admin(service.getURI());
        String event = "{\"@timestamp\":\"" + Instant.now() + "\",\"event\":{\"id\":\"" + id + "\",\"action\":\"tls.test\"}}";
        CallerHttp.Response stored = admin.postJson("/v1/events", event);
        assertEquals(201, stored.status(), stored::toString);
        CallerHttp.Response found = admin.get("/v1/events/" + id);
        for (int i = 0; i < 50 && found.status() == 404; i++) {
            pause(); // searchable after the next refresh (1 s)
            found = admin.get("/v1/events/" + id);
        }
        assertEquals(200, found.status(), found::toString);
        CallerHttp.Response page = admin.get("/v1/events", "action", "tls.test", "from", "now-1h");
        assertEquals(200, page.status(), page::toString);
        assertEquals(200, admin.get("/v1/events/_aggregate", "action", "tls.test").status());
        assertEquals(200, admin.get("/v1/events/_export", "action", "tls.test").status());
        // the keys index lives in the secured cluster too
        assertEquals(201, admin.postJson("/v1/admin/keys", "{\"name\":\"tls-" + label + "\",\"roles\":[\"read\"]}").status());
        CallerHttp.Response health = admin.get("/health");
        assertEquals("UP", health.json().path("status").asText(), health::toString);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void serviceIngestsAndSearchesOverTlsWithAMinimalRoleUserTrustingTheCaFile() {
        try (EmbeddedServer service = service("elasticsearch.ca-certificate", caCertificate.toString())) {
            ingestAndSearch(service, "ca-file");
        }
        LogCapture.assertNoneContain(List.of(PASSWORD));
    }

    @Test
    void serviceTrustsTheClusterByTheCaFingerprint() throws Exception {
        byte[] der;
        try (InputStream in = Files.newInputStream(caCertificate)) {
            der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
        }
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        try (EmbeddedServer service = service("elasticsearch.ca-fingerprint", fingerprint)) {
            ingestAndSearch(service, "fingerprint");
        }
        LogCapture.assertNoneContain(List.of(PASSWORD));
    }
}
