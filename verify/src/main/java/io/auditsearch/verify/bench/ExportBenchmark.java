package io.auditsearch.verify.bench;

import io.auditsearch.verify.export.ExportReport;
import io.auditsearch.verify.export.ExportVerifier;
import io.auditsearch.verify.export.ExportWriter;
import io.auditsearch.verify.note.NoteVerifier;
import io.auditsearch.verify.note.SignerKey;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Verification throughput of an export with proofs. Writes an export of N made-up ECS audit
 * events (about 600 bytes each, with their inclusion proofs) to a temporary file, then verifies it
 * R times and prints events per second for each run.
 *
 * <pre>
 * ./mvnw -B -q -pl verify -am package -DskipTests
 * java -cp verify/target/audit-verify.jar io.auditsearch.verify.bench.ExportBenchmark [events=1000000] [runs=3] [threads=cores]
 * </pre>
 */
public final class ExportBenchmark {
    private static final String ORIGIN = "audit-search.example/bench";

    private ExportBenchmark() {}

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        SignerKey key = SignerKey.generate(ORIGIN);
        Path file = Files.createTempFile("audit-export-", ".ndjson");
        try {
            long t0 = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                ExportWriter.writeWholeLog(out, events, ExportBenchmark::event, ORIGIN, List.of(key));
            }
            System.out.printf("wrote %,d events (%,d MB) in %.1f s%n", events, Files.size(file) >> 20,
                    (System.nanoTime() - t0) / 1e9);
            NoteVerifier trusted = new NoteVerifier(List.of(key.verifierKey()));
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
            for (int run = 1; run <= runs; run++) {
                ExportReport report = new ExportReport(quiet);
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                new ExportVerifier(trusted, ORIGIN, threads).verify(file, 0, -2, report);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                if (!report.clean() || report.events() != events) {
                    throw new IllegalStateException("the benchmark's export did not verify");
                }
                // CPU time too: on a shared machine the wall-clock rate depends on the neighbours' load
                System.out.printf("run %d: verified %,d events in %.2f s: %,.0f events/s (%d threads); "
                        + "%.2f s of CPU: %,.0f events per CPU-second%n", run, events, seconds, events / seconds, threads,
                        cpuSeconds, events / cpuSeconds);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** This process's CPU time (all threads, including the JIT and GC). */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** A made-up stored audit event, varied by its number. */
    static byte[] event(long i) {
        return ("{\"@timestamp\":\"2025-03-" + (10 + i % 18) + "T" + (10 + i % 12) + ":" + (10 + i % 49) + ":07.123Z\","
                + "\"ecs\":{\"version\":\"9.0.0\"},"
                + "\"event\":{\"id\":\"0195b7c2-" + String.format("%04x-7%03x-8%03x-%012x", i & 0xffff, i % 4096, i % 4093, i)
                + "\",\"action\":\"document.read\",\"category\":[\"iam\"],\"type\":[\"access\"],\"kind\":\"event\","
                + "\"outcome\":\"" + (i % 13 == 0 ? "failure" : "success") + "\",\"ingested\":\"2025-03-10T10:00:00.000Z\","
                + "\"severity\":" + (i % 4) + "},"
                + "\"user\":{\"id\":\"u-" + (i % 5000) + "\",\"name\":\"user " + (i % 5000) + "\"},"
                + "\"organization\":{\"id\":\"tenant-" + (i % 20) + "\"},"
                + "\"source\":{\"ip\":\"10." + (i % 200) + "." + (i % 250) + ".7\"},"
                + "\"resource\":{\"type\":\"document\",\"id\":\"doc-" + (i * 7919 % 1_000_003) + "\"},"
                + "\"audit\":{\"details\":{\"bytes\":" + (i * 31 % 100_000) + ",\"ratio\":" + (i % 1000) / 1000.0 + "}},"
                + "\"message\":\"user " + (i % 5000) + " read document " + (i * 7919 % 1_000_003) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
