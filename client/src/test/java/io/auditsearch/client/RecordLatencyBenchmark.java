package io.auditsearch.client;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures {@link AuditClient#record} on the caller's thread while the client really sends: each
 * call timed alone with {@code System.nanoTime()}, over rounds of events that fit in the queue (the
 * full policy is not what is measured), the sender posting to a local stand-in for the service
 * meanwhile. Also prints the bytes the calling thread allocated per call. Run as a plain main class
 * (see docs/client.md for the command and the figures); not a test.
 */
public final class RecordLatencyBenchmark {

    private static final int PER_ROUND = 100_000;
    private static final int WARMUP_ROUNDS = 5;
    private static final int ROUNDS = 20;

    private RecordLatencyBenchmark() {
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (FakeAuditService service = new FakeAuditService();
             AuditClient client = AuditClient.builder(service.uri()).apiKey(FakeAuditService.KEY).queueCapacity(2 * PER_ROUND)
                     .batchSize(1_000).linger(Duration.ofMillis(50)).withoutMicrometer().build()) {
            AuditEvent[] events = new AuditEvent[PER_ROUND];
            for (int i = 0; i < PER_ROUND; i++) {
                events[i] = TestEvents.login(i);
            }
            long[] samples = new long[PER_ROUND * ROUNDS];
            long allocated = 0;
            long selfId = Thread.currentThread().getId();
            int k = 0;
            for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
                boolean measured = round >= WARMUP_ROUNDS;
                long allocBefore = threads.getThreadAllocatedBytes(selfId);
                for (AuditEvent event : events) {
                    long t0 = System.nanoTime();
                    client.record(event);
                    long t1 = System.nanoTime();
                    if (measured) {
                        samples[k++] = t1 - t0;
                    }
                }
                if (measured) {
                    allocated += threads.getThreadAllocatedBytes(selfId) - allocBefore;
                }
                if (!client.flush(Duration.ofSeconds(120))) {
                    throw new IllegalStateException("not delivered: " + client.metrics());
                }
            }
            long[] timerOnly = new long[1_000_000];
            for (int i = 0; i < timerOnly.length; i++) {
                long t0 = System.nanoTime();
                timerOnly[i] = System.nanoTime() - t0;
            }
            Arrays.sort(samples);
            Arrays.sort(timerOnly);
            System.out.printf(Locale.ROOT, "record(): %,d calls in %d rounds of %,d (after %d warm-up rounds), client sending meanwhile%n",
                    samples.length, ROUNDS, PER_ROUND, WARMUP_ROUNDS);
            System.out.printf(Locale.ROOT, "  p50 %,d ns  p90 %,d ns  p99 %,d ns  p99.9 %,d ns  max %,d ns%n",
                    at(samples, 0.50), at(samples, 0.90), at(samples, 0.99), at(samples, 0.999), samples[samples.length - 1]);
            System.out.printf(Locale.ROOT, "  (nanoTime pair alone: p50 %,d ns  p99 %,d ns; included above)%n", at(timerOnly, 0.50), at(timerOnly, 0.99));
            System.out.printf(Locale.ROOT, "  allocated on the caller's thread: %.2f bytes per call%n", (double) allocated / samples.length);
            System.out.println("  " + client.metrics());
        }
    }

    private static long at(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * sorted.length))];
    }
}
