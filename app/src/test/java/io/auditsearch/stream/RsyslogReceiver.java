package io.auditsearch.stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's rsyslogd, in the foreground with a generated configuration: imtcp over the gtls stream driver
 * (TLS, a certificate issued by the test's CA) on a port the test picked, every message's raw text (the part
 * after the octet count) written as one line of a file the test reads. Skips the test when rsyslog or its
 * gtls module is not installed.
 */
final class RsyslogReceiver implements AutoCloseable {

    private static final Duration START_DEADLINE = Duration.ofSeconds(20);

    private final Path dir;
    private final Path output;
    private final int port;
    private Process process;

    /**
     * @param authMode the gtls driver's AuthMode: "anon" (no client certificate asked), or "x509/certvalid"
     *                 (a client certificate from the CA required)
     */
    RsyslogReceiver(Path dir, TlsTestCertificates ca, TlsTestCertificates.Issued server, String authMode) throws IOException {
        assumeInstalled();
        this.dir = dir;
        this.output = dir.resolve("received.log");
        this.port = freePort();
        Files.writeString(dir.resolve("ca.pem"), ca.caPem());
        Files.writeString(dir.resolve("server.pem"), server.certPem());
        Files.writeString(dir.resolve("server-key.pem"), server.keyPem());
        Files.createDirectories(dir.resolve("work"));
        Files.writeString(dir.resolve("rsyslog.conf"), """
                global(workDirectory="%1$s/work" maxMessageSize="64k"
                       defaultNetstreamDriverCAFile="%1$s/ca.pem"
                       defaultNetstreamDriverCertFile="%1$s/server.pem"
                       defaultNetstreamDriverKeyFile="%1$s/server-key.pem")
                module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="%2$s")
                input(type="imtcp" address="127.0.0.1" port="%3$d")
                template(name="raw" type="string" string="%%rawmsg%%\\n")
                *.* action(type="omfile" file="%1$s/received.log" template="raw")
                """.formatted(dir.toAbsolutePath(), authMode, port));
        start();
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/rsyslogd")),
                "needs Debian's rsyslog (rsyslogd, package rsyslog): apt-get install rsyslog rsyslog-gnutls");
        assumeTrue(gtlsModule(), "needs rsyslog's TLS driver lmnsd_gtls.so (package rsyslog-gnutls): apt-get install rsyslog-gnutls");
    }

    private static boolean gtlsModule() {
        try (Stream<Path> libs = Files.list(Path.of("/usr/lib"))) {
            return libs.anyMatch(lib -> Files.exists(lib.resolve("rsyslog/lmnsd_gtls.so")))
                    || Files.exists(Path.of("/usr/lib/rsyslog/lmnsd_gtls.so"));
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    /** Starts rsyslogd and waits (with a deadline) until it listens. */
    void start() throws IOException {
        Path pid = dir.resolve("rsyslogd.pid");
        Files.deleteIfExists(pid);
        process = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(), "-i", pid.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rsyslogd.out").toFile()))
                .start();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rsyslogd exited with " + process.exitValue() + ": " + log());
            }
            if (log().contains("GnuTLS error")) {
                stop();
                throw new IllegalStateException("rsyslogd refused its TLS setup: " + log());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        stop();
        throw new IllegalStateException("rsyslogd did not listen on " + port + " within " + START_DEADLINE + ": " + log());
    }

    /** Stops rsyslogd (SIGTERM, then SIGKILL after 10 s); it closes its connections as it goes. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Every message received so far, one per line. */
    List<String> lines() {
        try {
            return Files.exists(output) ? Files.readAllLines(output, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until at least {@code count} messages arrived, or the deadline passes; returns what arrived. */
    List<String> awaitLines(int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> lines = lines();
        while (lines.size() < count && System.nanoTime() < deadline) {
            sleep(50);
            lines = lines();
        }
        return lines;
    }

    String log() {
        try {
            Path out = dir.resolve("rsyslogd.out");
            return Files.exists(out) ? Files.readString(out) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for rsyslogd", e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
