package io.auditsearch.bench;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An open-loop load: request {@code i} is due at {@code start + i / rate}, a pool of clients sends
 * them, and each latency runs from the moment the request was due, so a stall shows in the
 * percentiles instead of quietly lowering the rate (no coordinated omission).
 */
final class OpenLoop {

    /** Sends request {@code i} and answers its HTTP status. */
    @FunctionalInterface
    interface Request {
        int send(int i) throws Exception;

        /** One request, built before it is due: sends it and answers its HTTP status. */
        @FunctionalInterface
        interface Prepared {
            int send() throws Exception;
        }
    }

    /** Latencies (ms, sorted), answers by status, and the rate achieved. */
    record Run(double[] sortedMs, AtomicLongArray statuses, double achievedRate) {

        double p(double percentile) {
            return Stats.percentile(sortedMs, percentile);
        }

        long count(int status) {
            return statuses.get(status);
        }

        String describe() {
            return String.format(Locale.ROOT, "p50 %6.1f ms  p99 %7.1f ms  max %7.1f ms  (achieved %.0f req/s; 201: %d, 202: %d)",
                    p(50), p(99), sortedMs[sortedMs.length - 1], achievedRate, count(201), count(202));
        }
    }

    private OpenLoop() {
    }

    static Run run(int total, int rate, int clients, Request request) throws InterruptedException {
        long[] latencies = new long[total];
        AtomicLongArray statuses = new AtomicLongArray(600);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total && failure.get() == null; i = next.getAndIncrement()) {
                        long due = start + i * interval;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        int status;
                        try {
                            status = request.send(i);
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                            return null;
                        }
                        latencies[i] = System.nanoTime() - due;
                        statuses.incrementAndGet(Math.min(599, status));
                        if (status < 200 || status > 299) {
                            failure.compareAndSet(null, new IllegalStateException("answered " + status));
                        }
                    }
                    return null;
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(total / rate + 600L, TimeUnit.SECONDS)) {
                pool.shutdownNow();
                throw new IllegalStateException("the open-loop run did not finish within its deadline");
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a request failed: " + failure.get().getMessage(), failure.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double[] ms = new double[total];
        for (int i = 0; i < total; i++) {
            ms[i] = latencies[i] / 1e6;
        }
        java.util.Arrays.sort(ms);
        return new Run(ms, statuses, total / elapsed);
    }
}
