package io.auditsearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The service as users run it: {@code bin/audit-search} (which execs {@code java $JAVA_OPTS -jar
 * app/target/audit-search.jar}) in its own process, with {@code JAVA_OPTS=-Xmx512m -Xlog:gc:file=...},
 * {@code ELASTICSEARCH_URL} pointing at the benchmark's cluster and its data directory under
 * {@code bench/target/<dir>/service}. The per-key rate limit is raised (the only setting changed),
 * since a benchmark's one key sends far more than the default 50 requests per second.
 */
final class ServiceProcess implements AutoCloseable {

    static final String HEAP = "512m";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI url;
    private final Path dir;
    private final Path gcLog;
    private final Http http;

    private ServiceProcess(Process process, URI url, Path dir, Path gcLog, Http http) {
        this.process = process;
        this.url = url;
        this.dir = dir;
        this.gcLog = gcLog;
        this.http = http;
    }

    static ServiceProcess start(Cluster cluster, String dir, Http http) throws IOException, InterruptedException {
        Path root = Cluster.benchTarget().getParent().getParent();
        Path jar = root.resolve("app/target/audit-search.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -B -q -DskipTests package");
        }
        Path home = Cluster.benchTarget().resolve(dir).resolve("service");
        Files.createDirectories(home);
        Path gcLog = home.resolve("gc-" + java.time.Instant.now().getEpochSecond() + ".log");
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/audit-search").toString()).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("service.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_OPTS", "-Xmx" + HEAP + " -Xlog:gc:file=" + gcLog);
        env.put("ELASTICSEARCH_URL", cluster.urlForService());
        env.put("AUDIT_DATA_DIR", home.resolve("data").toString());
        env.put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        env.put("AUDIT_RATE_LIMIT_RPS", "1000000");
        env.put("AUDIT_RATE_LIMIT_BURST", "1000000");
        env.remove("AUDIT_REBUILD");
        ServiceProcess service = new ServiceProcess(pb.start(), URI.create("http://127.0.0.1:" + port), home, gcLog, http);
        // a benchmark stopped with Ctrl-C (or SIGTERM) stops its service too
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("bench-service-stop").unstarted(service::close));
        service.awaitHealthy();
        System.out.printf("Service: bin/audit-search (pid %d, JAVA_OPTS=%s) at %s, log %s%n", service.process.pid(),
                env.get("JAVA_OPTS"), service.url, home.resolve("service.log"));
        return service;
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + dir.resolve("service.log"));
            }
            try {
                if (http.send("GET", url.resolve("/health"), Optional.empty(), null, null).status() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("the service was not healthy within " + START_TIMEOUT + "; see " + dir.resolve("service.log"));
    }

    URI url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /**
     * A new API key with one role, created through {@code POST /v1/admin/keys} with the admin key: the one the
     * service wrote to {@code $AUDIT_DATA_DIR/bootstrap-admin.key} on its first start, or {@code AUDIT_BENCH_ADMIN_KEY}.
     */
    String createKey(String role) throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(Map.of("name", "bench-" + role, "roles", List.of(role)));
        Http.Answer created = http.send("POST", url.resolve("/v1/admin/keys"), Optional.of(adminKey()),
                "application/json", body).ok("POST /v1/admin/keys");
        if (created.status() != 201) {
            throw new IllegalStateException("POST /v1/admin/keys answered " + created.status() + ", not 201");
        }
        return "ApiKey " + JSON.readTree(created.body()).path("key").asText();
    }

    private String adminKey() {
        Path file = dir.resolve("data").resolve("bootstrap-admin.key");
        return "ApiKey " + Cluster.env("AUDIT_BENCH_ADMIN_KEY").orElseGet(() -> {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new IllegalStateException("no admin key: " + file + " is not there (the cluster already had keys when"
                        + " this data directory was new) and AUDIT_BENCH_ADMIN_KEY is not set", e);
            }
        });
    }

    /**
     * Waits until the integrity log has integrated every journaled event ({@code /health}: integrity pending 0), so
     * that timed work does not share the service with the sequencer catching up on a load. Prints how long it took.
     */
    void awaitIntegrated(Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long pending = -1;
        while (System.nanoTime() - start < timeout.toNanos()) {
            Http.Answer health = http.send("GET", url.resolve("/health"), Optional.of(adminKey()), null, null);
            var integrity = JSON.readTree(health.body()).path("details").path("integrity").path("details");
            if (!integrity.path("enabled").asBoolean(false)) {
                return;
            }
            pending = integrity.path("pending").asLong(-1);
            if (pending == 0) {
                System.out.printf(java.util.Locale.ROOT, "Integrity log caught up (0 events pending) after %.0f s%n",
                        (System.nanoTime() - start) / 1e9);
                return;
            }
            Thread.sleep(2000);
        }
        throw new IllegalStateException("the integrity log still had " + pending + " events to integrate after " + timeout);
    }

    /** CPU time the service process used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Stops the service (SIGTERM, as an operator would) and reads its GC log. */
    GcReport stop() throws IOException, InterruptedException {
        close();
        return GcReport.read(gcLog);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
