package io.auditsearch.client;

/**
 * Hears about events that will not reach the service: refused by it ({@link #rejected}, on the
 * sender thread) or dropped by the client ({@link #dropped}, on the thread that saw it). Both are
 * also counted and logged. Implementations must be quick and must not throw.
 */
public interface DeliveryListener {

    DeliveryListener NONE = new DeliveryListener() {
    };

    default void rejected(Rejection rejection) {
    }

    /**
     * @param event  the event given up on
     * @param reason {@code queue_full}, {@code closed}, or {@code lost_at_close} (undelivered when the
     *               client closed with no disk buffer room)
     */
    default void dropped(AuditEvent event, String reason) {
    }
}
