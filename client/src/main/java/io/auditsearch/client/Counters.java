package io.auditsearch.client;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** The client's counters; the gauges are read from the queue and the disk buffer. */
final class Counters implements ClientMetrics {

    final LongAdder queued = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder buffered = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder rejected = new LongAdder();
    private final LongSupplier queueDepth;
    private volatile LongSupplier bufferedBytes = () -> 0;

    Counters(LongSupplier queueDepth) {
        this.queueDepth = queueDepth;
    }

    void bufferedBytes(LongSupplier bytes) {
        this.bufferedBytes = bytes;
    }

    @Override
    public long queued() {
        return queued.sum();
    }

    @Override
    public long sent() {
        return sent.sum();
    }

    @Override
    public long retried() {
        return retried.sum();
    }

    @Override
    public long buffered() {
        return buffered.sum();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long rejected() {
        return rejected.sum();
    }

    @Override
    public long queueDepth() {
        return queueDepth.getAsLong();
    }

    @Override
    public long bufferedBytes() {
        return bufferedBytes.getAsLong();
    }

    @Override
    public String toString() {
        return "queued=" + queued() + " sent=" + sent() + " retried=" + retried() + " buffered=" + buffered()
                + " dropped=" + dropped() + " rejected=" + rejected() + " queueDepth=" + queueDepth()
                + " bufferedBytes=" + bufferedBytes();
    }
}
