package io.auditsearch.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends request bodies from {@code threads} client threads, each taking the next body, sending it and
 * waiting for (and checking) its answer before the next; the clock runs from the first request to
 * the last answer.
 */
final class BulkLoad {

    /** One request body and how many events it carries. */
    record Batch(byte[] body, int events) {
    }

    /** Sends one batch; throws unless every event in it was stored. */
    @FunctionalInterface
    interface Sender {
        void send(Batch batch) throws Exception;
    }

    private BulkLoad() {
    }

    /** Seconds from the first request to the last answer. */
    static double run(List<Batch> batches, int threads, Sender sender) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Callable<Void> worker = () -> {
            for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                sender.send(batches.get(i));
            }
            return null;
        };
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Void>> done = new ArrayList<>(pool.invokeAll(Collections.nCopies(threads, worker)));
            for (Future<Void> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** NDJSON bodies of {@code size} lines each. */
    static List<Batch> ndjson(List<byte[]> lines, int size) {
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < lines.size(); from += size) {
            List<byte[]> chunk = lines.subList(from, Math.min(lines.size(), from + size));
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (byte[] line : chunk) {
                body.writeBytes(line);
                body.write('\n');
            }
            batches.add(new Batch(body.toByteArray(), chunk.size()));
        }
        return batches;
    }
}
