package io.auditsearch.bench;

import io.auditsearch.event.EventPreparer;
import io.auditsearch.event.EventRules;
import io.auditsearch.event.EventSchema;
import io.auditsearch.event.SensitiveValueMasker;
import io.auditsearch.RetentionConfiguration;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * CPU cost of {@link EventPreparer} alone, in µs per event over the ingestion benchmark's generated
 * events, on one thread after a JIT warm-up, counted in the thread's CPU time. Unlike the
 * end-to-end rates this figure hardly moves with other load on the machine, so it tells whether a
 * change to event preparation helps.
 *
 * <p>Run it on the classpath {@code bin/bench-ingest} builds (no Elasticsearch needed):
 * {@code java -cp "app/target/test-classes:app/target/classes:$(cat app/target/bench/classpath.txt)"
 * io.auditsearch.bench.PreparerBenchmark [events] [passes]} (defaults 50,000 events; as many
 * warm-up passes as measured passes, 10).
 */
public final class PreparerBenchmark {

    /** Thread CPU time, not wall time: other processes on the machine hardly move it. */
    private static final com.sun.management.ThreadMXBean THREAD =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private PreparerBenchmark() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<byte[]> events = new AuditEventGenerator(20_260_101L).generate(count, Instant.now(), Duration.ofDays(25));
        EventRules rules = new EventRules();
        EventPreparer preparer = new EventPreparer(new EventSchema(), rules, new SensitiveValueMasker(rules),
                new RetentionConfiguration());
        for (int pass = 0; pass < passes; pass++) {
            run(preparer, events); // JIT warm-up
        }
        double[] micros = new double[passes];
        long allocated = THREAD.getCurrentThreadAllocatedBytes();
        for (int pass = 0; pass < passes; pass++) {
            micros[pass] = run(preparer, events);
        }
        long bytesPerEvent = (THREAD.getCurrentThreadAllocatedBytes() - allocated) / ((long) passes * count);
        Arrays.sort(micros);
        System.out.printf(Locale.ROOT, "EventPreparer: best %.2f µs/event, median %.2f µs/event, %,d bytes allocated/event "
                        + "(%,d events, %d passes, thread CPU time)%n",
                micros[0], micros[passes / 2], bytesPerEvent, count, passes);
    }

    private static double run(EventPreparer preparer, List<byte[]> events) {
        long sink = 0;
        long started = THREAD.getCurrentThreadCpuTime();
        for (byte[] event : events) {
            sink += preparer.prepare(event, 0, event.length).source().length;
        }
        double micros = (THREAD.getCurrentThreadCpuTime() - started) / 1e3 / events.size();
        if (sink == 0) {
            throw new IllegalStateException("nothing prepared");
        }
        return micros;
    }
}
