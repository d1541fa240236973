package io.auditsearch.elasticsearch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one real Elasticsearch node as a child process, from the minimal {@code integ-test-zip}
 * distribution on Maven Central, so the service and its tests have an Elasticsearch where there is
 * no Docker engine and no internet (docs/operations.md).
 *
 * <p>Everything lives below one base directory: {@code home/} (the distribution, extracted once per
 * version), {@code config/} (generated {@code elasticsearch.yml} and the distribution's other config
 * files, {@code ES_PATH_CONF}), {@code data/}, {@code logs/} (with {@code console.log}, the node's
 * stdout and stderr), {@code tmp/} ({@code ES_TMPDIR}) and {@code run/elasticsearch.pid}.
 *
 * <p>Elasticsearch refuses to run as root, so a root caller runs it through {@code setpriv} as
 * {@code nobody}, which then owns config, data, logs, tmp and run. When {@code nobody} cannot reach
 * the base directory (an ancestor such as {@code /root} is closed), the node moves to
 * {@code /var/tmp/audit-search-es-<hash of base dir>} and says so in a warning.
 *
 * <p>{@code bin/elasticsearch} starts a launcher JVM which forks the server JVM; the server's pid
 * comes from the pid file. A node left running by a JVM that died (kill -9) is found through that
 * pid file and stopped on the next start, so the data directory's lock is free.
 */
public final class ManagedElasticsearchNode implements AutoCloseable {

    /** The distribution version this launcher is written and tested for. */
    public static final String VERSION = "9.5.3";

    static final System.Logger LOG = System.getLogger(ManagedElasticsearchNode.class.getName());
    // generous: three nodes starting together on a busy 2-core machine take minutes, not seconds
    /** How long a start may take; {@code -Daudit.managed-node.start-timeout-seconds} raises it on a crowded machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("audit.managed-node.start-timeout-seconds", 300));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    /** Config files the distribution owns; the others (users, roles, keystore) are kept once copied. */
    private static final Pattern HEALTH_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(green|yellow|red)\"");

    private final Process launcher;
    private final URI httpUri;
    private final NodeLayout layout;
    private final long consoleLogOffset;
    private final Thread shutdownHook = Thread.ofPlatform().name("managed-elasticsearch-stop").unstarted(this::stop);
    private ProcessHandle server; // guarded by this; known once the node is up
    private boolean stopped;      // guarded by this

    private ManagedElasticsearchNode(Process launcher, URI httpUri, NodeLayout layout, long consoleLogOffset) {
        this.launcher = launcher;
        this.httpUri = httpUri;
        this.layout = layout;
        this.consoleLogOffset = consoleLogOffset;
    }

    /**
     * Starts a node and blocks until its cluster health is at least yellow.
     *
     * @throws IOException when the node cannot be prepared or does not become healthy within
     *                     120 s; the message then ends with the tail of the node's console log
     */
    public static ManagedElasticsearchNode start(ManagedNodeOptions options) throws IOException {
        Instant begin = Instant.now();
        RunAs runAs = RunAs.forCurrentUser();
        NodeLayout layout = NodeLayout.choose(options.baseDir(), runAs);
        stopOrphanedNode(layout);
        ManagedDistribution.install(options.distributionZip(), layout);
        runAs.checkCanRun(Path.of(System.getProperty("java.home"), "bin", "java"));
        int httpPort = portOrFree(options.httpPort(), "http");
        int transportPort = portOrFree(options.transportPort(), "transport");
        List<Path> nodeDirectories = layout.createNodeDirectories();
        NodeConfigFile.write(options, layout, httpPort, transportPort);
        runAs.takeOwnership(nodeDirectories);

        long consoleLogOffset = Files.exists(layout.consoleLog()) ? Files.size(layout.consoleLog()) : 0;
        Process launcher = launch(options, layout, runAs);
        // TLS on HTTP (extraSettings) makes the node answer https only
        String scheme = "true".equals(options.extraSettings().get("xpack.security.http.ssl.enabled")) ? "https" : "http";
        var node = new ManagedElasticsearchNode(launcher, URI.create(scheme + "://127.0.0.1:" + httpPort), layout, consoleLogOffset);
        Runtime.getRuntime().addShutdownHook(node.shutdownHook);
        try {
            node.awaitHealthy(begin.plus(START_TIMEOUT));
        } catch (IOException | RuntimeException e) {
            node.kill();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "Elasticsearch {0} is up at {1} (pid {2}, {3}) after {4} ms", VERSION,
                node.httpUri, String.valueOf(node.pid()), layout.base(), String.valueOf(Duration.between(begin, Instant.now()).toMillis()));
        return node;
    }

    /** See {@link ManagedDistribution#find()}. */
    public static Optional<Path> findDistribution() {
        return ManagedDistribution.find();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI httpUri() {
        return httpUri;
    }

    /** The pid of the server JVM (not of the launcher JVM in front of it). */
    public synchronized long pid() {
        return server.pid();
    }

    /** Stops the node gracefully (SIGTERM, up to 30 s, then SIGKILL), launcher included. Idempotent. */
    public void stop() {
        terminate(true);
    }

    /** Kills the node at once (SIGKILL), launcher included, as a crash would. Leaves the pid file behind. */
    public void kill() {
        terminate(false);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private synchronized void terminate(boolean graceful) {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException _) {
            // the JVM is shutting down and this may be the hook itself
        }
        // Collect the whole tree first: once the launcher dies its children are re-parented.
        List<ProcessHandle> tree = Stream.concat(Stream.of(launcher.toHandle()), launcher.descendants()).toList();
        ProcessHandle target = server != null ? server : launcher.toHandle();
        if (graceful) {
            target.destroy();
            if (!awaitExit(tree, STOP_TIMEOUT)) {
                LOG.log(System.Logger.Level.WARNING, "Elasticsearch (pid {0}) did not stop within {1} s, killing it",
                        String.valueOf(target.pid()), STOP_TIMEOUT.toSeconds());
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (!awaitExit(tree, KILL_TIMEOUT)) {
            LOG.log(System.Logger.Level.ERROR, "Elasticsearch processes still alive after SIGKILL: {0}",
                    tree.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList());
        }
        LOG.log(System.Logger.Level.INFO, "Elasticsearch at {0} {1}", httpUri, graceful ? "stopped" : "killed");
    }

    private void awaitHealthy(Instant deadline) throws IOException {
        var request = HttpRequest.newBuilder(httpUri.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(ProbeTls.context()).build()) {
            String lastAnswer = "no answer";
            while (Instant.now().isBefore(deadline)) {
                if (!launcher.isAlive()) {
                    throw failure("Elasticsearch exited with code " + launcher.exitValue() + " before it became healthy");
                }
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    Matcher status = HEALTH_STATUS.matcher(response.body());
                    if (response.statusCode() == 200 && status.find() && !status.group(1).equals("red")) {
                        resolveServer();
                        return;
                    }
                    if (response.statusCode() == 401) {
                        // security switched on through extraSettings: the node answers, we hold no credentials
                        resolveServer();
                        return;
                    }
                    lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
                } catch (IOException e) {
                    lastAnswer = e.toString(); // not listening yet
                }
                Thread.sleep(250);
            }
            throw failure("Elasticsearch did not reach cluster health yellow within " + START_TIMEOUT.toSeconds()
                    + " s (last answer: " + lastAnswer + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for Elasticsearch at " + httpUri);
        }
    }

    /** The server JVM: the pid file's pid, else the launcher's only child. */
    private synchronized void resolveServer() throws IOException {
        server = readPid(layout.pidFile()).flatMap(ProcessHandle::of)
                .or(() -> launcher.children().findFirst())
                .orElseThrow(() -> failure("Elasticsearch answers at " + httpUri + " but its server process is unknown: "
                        + layout.pidFile() + " is missing and the launcher has no child"));
    }

    private IOException failure(String message) {
        return new IOException(message + "\n--- last lines of " + layout.consoleLog() + " ---\n"
                + tail(layout.consoleLog(), consoleLogOffset, 60));
    }

    // ---- preparing and launching -------------------------------------------------------------

    private static Process launch(ManagedNodeOptions options, NodeLayout layout, RunAs runAs) throws IOException {
        List<String> command = new ArrayList<>(runAs.commandPrefix());
        command.addAll(List.of(layout.home().resolve("bin/elasticsearch").toString(), "-p", layout.pidFile().toString()));
        var builder = new ProcessBuilder(command)
                .directory(layout.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.consoleLog().toFile()));
        Map<String, String> env = builder.environment();
        // the bin scripts warn about (or would obey) these; the node gets exactly what is set below
        Stream.of("JAVA_HOME", "JAVA_OPTS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "CLI_JAVA_OPTS").forEach(env::remove);
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        env.put("ES_PATH_CONF", layout.config().toString());
        env.put("ES_TMPDIR", layout.tmp().toString());
        env.put("ES_JAVA_OPTS", "-Xms" + options.heap() + " -Xmx" + options.heap());
        Files.writeString(layout.consoleLog(), "---- " + Instant.now() + " starting: " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        try {
            Process process = builder.start();
            process.getOutputStream().close(); // nothing to type in
            return process;
        } catch (IOException e) {
            throw new IOException("Cannot run " + String.join(" ", command)
                    + (runAs.dropsPrivileges() ? " (as root the node runs through setpriv from util-linux)" : ""), e);
        }
    }

    /** A node left behind by a JVM that died (kill -9) still holds the data directory: stop it. */
    private static void stopOrphanedNode(NodeLayout layout) throws IOException {
        Optional<ProcessHandle> orphan = readPid(layout.pidFile()).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().orElse("").contains(layout.home().toString()));
        if (orphan.isPresent()) {
            ProcessHandle process = orphan.get();
            LOG.log(System.Logger.Level.WARNING, "Stopping Elasticsearch (pid {0}) left running by an earlier run on {1}",
                    String.valueOf(process.pid()), layout.base());
            List<ProcessHandle> tree = Stream.concat(Stream.of(process), process.parent().stream()
                    .filter(parent -> parent.info().commandLine().orElse("").contains(layout.home().toString()))).toList();
            process.destroy();
            if (!awaitExit(tree, STOP_TIMEOUT)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                awaitExit(tree, KILL_TIMEOUT);
            }
        }
        Files.deleteIfExists(layout.pidFile());
    }

    private static int portOrFree(int port, String name) throws IOException {
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IOException("The " + name + " port " + port + " on 127.0.0.1 is already in use", e);
        }
    }

    // ---- small helpers -----------------------------------------------------------------------

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException _) {
                return false;
            } catch (InterruptedException _) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException _) {
            return Optional.empty();
        }
    }

    private static String tail(Path file, long from, int lines) {
        try (var in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(from, in.length() - 32_768);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
