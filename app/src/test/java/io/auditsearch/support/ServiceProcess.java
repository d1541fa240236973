package io.auditsearch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service as a process of its own (this JVM's java and class path, {@code Application} as
 * main class), so a test can kill it with SIGKILL the way a crash or the OOM killer would.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the service and waits until {@code /health} answers.
     *
     * @param env        environment (ELASTICSEARCH_URL, AUDIT_DATA_DIR, ...)
     * @param properties system properties ({@code -Dkey=value}) overriding the configuration
     * @param log        file the service's console goes to (appended)
     */
    public static ServiceProcess start(Map<String, String> env, Map<String, String> properties, Path log) {
        int port = DedicatedNode.freePort();
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
        builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        try {
            Files.createDirectories(log.getParent());
            ServiceProcess service = new ServiceProcess(builder.start(), port);
            service.awaitUp(Duration.ofSeconds(120), log);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the service process", e);
        }
    }

    public ServiceHttp http() {
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

    private void awaitUp(Duration timeout, Path log) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service process exited with " + process.exitValue() + "; its log: " + tail(log));
            }
            try {
                if (http().get("/health").status() > 0) {
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

    private static String tail(Path log) throws IOException {
        String all = Files.readString(log);
        return all.substring(Math.max(0, all.length() - 3000));
    }
}
