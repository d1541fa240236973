package io.auditsearch.stream;

import java.util.Map;

/**
 * The destination's answer to a batch it took.
 *
 * @param refused event id to the destination's reason, for the events it refused for good
 */
public record Delivery(Map<String, String> refused) {

    public static Delivery all() {
        return new Delivery(Map.of());
    }
}
