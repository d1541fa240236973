package io.auditsearch.stream;

import java.util.List;

/**
 * Sends batches to one destination (webhook, Splunk HEC, syslog over TLS, Kafka). A transport is
 * built for one destination's settings and used by one delivery thread at a time.
 */
public interface Transport extends AutoCloseable {

    /**
     * Sends the batch, in order, and returns only once the destination has acknowledged what it
     * took (an HTTP 2xx, HEC's indexer acknowledgement, Kafka's {@code acks=all}, a syslog write
     * flushed over TLS).
     *
     * @return which events the destination refused for good (each goes to the dead letters);
     *         every other event of the batch is delivered
     * @throws DeliveryException when nothing of the batch may be taken as delivered
     */
    Delivery send(List<StreamedEvent> batch) throws DeliveryException;

    @Override
    void close();
}
