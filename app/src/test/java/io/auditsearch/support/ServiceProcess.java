package io.auditsearch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service as a process of its own (this JVM's java and class path, {@code Application} as
 * main class), so a test can kill it with SIGKILL the way a crash or the OOM killer would.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Micronaut's startup line, which names the port the server bound. */
    private static final Pattern SERVER_RUNNING = Pattern.compile("Server Running: https?://[^\\s/]+:(\\d+)");

    private final Process process;
    private final Path log;
    /** Where this process's output starts in the (appended) log. */
    private final long logStart;
    private volatile int port = -1;

    private ServiceProcess(Process process, Path log, long logStart) {
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts the service and waits until {@code /health} answers.
     *
     * @param env        environment (ELASTICSEARCH_URL, AUDIT_DATA_DIR, ...)
     * @param properties system properties ({@code -Dkey=value}) overriding the configuration
     * @param log        file the service's console goes to (appended)
     */
    public static ServiceProcess start(Map<String, String> env, Map<String, String> properties, Path log) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx512m");
        command.add("--sun-misc-unsafe-memory-access=allow");
        // the suite's admin key, as application-test.yml gives it to services started in this JVM
        TestCredentials.properties().forEach((k, v) -> command.add("-D" + k + "=" + v));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.auditsearch.Application");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        // -1: the server binds a port of the system's choosing and logs it (no free port picked here and raced for)
        builder.environment().put("MICRONAUT_SERVER_PORT", "-1");
        try {
            Files.createDirectories(log.getParent());
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            ServiceProcess service = new ServiceProcess(builder.start(), log, logStart);
            service.awaitUp(Duration.ofSeconds(120));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the service process", e);
        }
    }

    public ServiceHttp http() {
        if (port < 0) {
            throw new IllegalStateException("the service has not reported its port yet");
        }
        return new ServiceHttp("http://127.0.0.1:" + port);
    }

    /** SIGKILL: no shutdown hook, no flush, no graceful anything. */
    public void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitUp(Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service process exited with " + process.exitValue() + "; its log: " + tail(log));
            }
            try {
                if (reportedPort() && http().get("/health").status() > 0) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            ServiceHttp.sleep(200);
        }
        close();
        throw new IllegalStateException("the service process did not answer within " + timeout + "; its log: " + tail(log));
    }

    /** Reads the port from this process's startup line in the log, once it is there. */
    private boolean reportedPort() throws IOException {
        if (port < 0) {
            String output = Files.readString(log);
            Matcher m = SERVER_RUNNING.matcher(output.substring((int) Math.min(logStart, output.length())));
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        return port >= 0;
    }

    private static String tail(Path log) throws IOException {
        String all = Files.readString(log);
        return all.substring(Math.max(0, all.length() - 3000));
    }
}
