package io.auditsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times the three paths of each query of the search benchmark, interleaved round by round: through the
 * service, straight to Elasticsearch, and the same direct request through {@link PassThroughProxy}. Prints
 * p50/p99 of each path with the p50 ratios service/direct and proxy/direct (the floor: what the extra hop
 * alone costs), per query and for the mix, and fails when the proxied answer differs from the direct one.
 * It also prints what each path costs this JVM in CPU beyond the direct one: the bench's client is the same on all
 * three paths and Elasticsearch is another process, so service minus direct is the service's own work per call, a
 * figure that scatters far less than latencies on a shared machine. That figure still holds the JIT compiler's and
 * the garbage collector's share and moves in the OS's 10 ms ticks; the columns {@code svc thr} and {@code proxy thr}
 * count, to the nanosecond, only the CPU of the service's own threads (its event loops, which also talk to
 * Elasticsearch, and its bulk threads for the read audit) and of the proxy's thread, per call.
 */
final class PathComparison {

    /** One path of a query: sends its request(s) and answers with the response. */
    @FunctionalInterface
    interface Callable<T> {
        T call() throws Exception;
    }

    // the six orders of the three paths: each goes first as often, and each goes before each other as often,
    // so none always finds another's work fresh in Elasticsearch's caches
    private static final int[][] ORDERS = {{0, 1, 2}, {1, 2, 0}, {2, 0, 1}, {0, 2, 1}, {2, 1, 0}, {1, 0, 2}};
    private static final String ROW = "%-44s %10s %10s %10s %10s %10s %10s %7s %9s %9s %9s %9s %9s%n";
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    /** Threads of the service in this JVM: Micronaut's event loops, the read audit's bulk flush, listener and client. */
    private static final java.util.function.Predicate<String> SERVICE_THREAD = name -> name.startsWith("default-eventLoopGroup")
            || name.startsWith("audit-bulk-flush") || name.startsWith("bulk-ingester") || name.startsWith("elasticsearch-rest-client");
    private static final java.util.function.Predicate<String> PROXY_THREAD = name -> name.startsWith(PassThroughProxy.THREAD_NAME);
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int rounds;
    private final double[] mix = new double[3];
    private final double[] mixCpu = new double[3];
    private final double[] mixThreads = new double[2];

    PathComparison(int rounds) {
        this.rounds = rounds;
    }

    void header() {
        System.out.printf(Locale.ROOT, ROW, "query (" + rounds + " rounds each)", "svc p50", "svc p99", "es p50", "es p99",
                "proxy p50", "proxy p99", "svc/es", "proxy/es", "svc cpu+", "proxy cpu+", "svc thr", "proxy thr");
    }

    /** Runs the query's three paths {@code rounds} times and prints one row; direct and proxied answer the same request. */
    void time(String name, Callable<?> service, Callable<byte[]> direct, Callable<byte[]> proxied) throws Exception {
        Callable<?>[] paths = {service, direct, proxied};
        double[][] ms = new double[3][rounds];
        double[] cpu = new double[3];
        long service0 = threadCpu(SERVICE_THREAD);
        long proxy0 = threadCpu(PROXY_THREAD);
        for (int i = 0; i < rounds; i++) {
            Object[] answers = new Object[3];
            for (int path : ORDERS[i % ORDERS.length]) {
                long c0 = OS.getProcessCpuTime();
                long t0 = System.nanoTime();
                answers[path] = paths[path].call();
                ms[path][i] = (System.nanoTime() - t0) / 1e6;
                cpu[path] += (OS.getProcessCpuTime() - c0) / 1e6 / rounds;
            }
            sameAnswer(name, (byte[]) answers[1], (byte[]) answers[2]);
        }
        double serviceThreads = (threadCpu(SERVICE_THREAD) - service0) / 1e6 / rounds;
        double proxyThread = (threadCpu(PROXY_THREAD) - proxy0) / 1e6 / rounds;
        mixThreads[0] += serviceThreads;
        mixThreads[1] += proxyThread;
        double[] p50 = new double[3];
        String[] cells = new String[6];
        for (int path = 0; path < 3; path++) {
            Arrays.sort(ms[path]);
            p50[path] = pct(ms[path], 50);
            mix[path] += p50[path];
            mixCpu[path] += cpu[path];
            cells[2 * path] = String.format(Locale.ROOT, "%.1fms", p50[path]);
            cells[2 * path + 1] = String.format(Locale.ROOT, "%.1fms", pct(ms[path], 99));
        }
        System.out.printf(Locale.ROOT, ROW, name, cells[0], cells[1], cells[2], cells[3], cells[4], cells[5],
                ratio(p50[0], p50[1]), ratio(p50[2], p50[1]), cpuMs(cpu[0] - cpu[1]), cpuMs(cpu[2] - cpu[1]),
                cpuMs(serviceThreads), cpuMs(proxyThread));
    }

    /** CPU time so far of the live threads whose names match (nanoseconds). */
    private static long threadCpu(java.util.function.Predicate<String> name) {
        long sum = 0;
        for (java.lang.management.ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && name.test(thread.getThreadName())) {
                sum += Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return sum;
    }

    /** The mix line (sums of the p50s) and what the floor means. */
    void summary() {
        System.out.printf(Locale.ROOT, ROW, "mix (sum of p50s)", String.format(Locale.ROOT, "%.1f", mix[0]), "",
                String.format(Locale.ROOT, "%.1f", mix[1]), "", String.format(Locale.ROOT, "%.1f", mix[2]), "",
                ratio(mix[0], mix[1]), ratio(mix[2], mix[1]), cpuMs(mixCpu[0] - mixCpu[1]), cpuMs(mixCpu[2] - mixCpu[1]),
                cpuMs(mixThreads[0]), cpuMs(mixThreads[1]));
        System.out.println("floor = proxy/es: the direct requests through a bare Netty pass-through proxy in this JVM,"
                + " what an extra HTTP hop alone costs");
        System.out.println("cpu+ = this JVM's CPU per call beyond the direct path's (mean): the service's own work, and the proxy's");
        System.out.println("thr = CPU per call of the service's own threads (event loops, read-audit bulk) and of the proxy's thread");
    }

    private static String cpuMs(double ms) {
        return String.format(Locale.ROOT, "%.1fms", ms);
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** The proxy passes bytes on unchanged, so both answers hold the same hits and buckets (took and PIT ids may differ). */
    private static void sameAnswer(String name, byte[] direct, byte[] proxied) throws IOException {
        int d = hitsAndBuckets(JSON.readTree(direct));
        int p = hitsAndBuckets(JSON.readTree(proxied));
        if (d != p) {
            throw new IllegalStateException(name + ": the proxied answer (" + proxied.length + " bytes) holds " + p
                    + " hits and buckets, the direct one (" + direct.length + " bytes) " + d);
        }
    }

    private static int hitsAndBuckets(JsonNode answer) {
        int n = answer.at("/hits/hits").size();
        for (JsonNode aggregation : answer.path("aggregations")) {
            n += aggregation.path("buckets").size();
        }
        return n;
    }
}
