package io.auditsearch.client;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;

/**
 * Client-side event ids: UUIDv7 (RFC 9562; time-ordered, so Elasticsearch's _id terms stay close
 * together), drawn when the event is built so every retry and every replay carries the same id.
 */
final class EventIds {

    private static final NoArgGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private EventIds() {
    }

    static String next() {
        return GENERATOR.generate().toString();
    }

    /** The service's rule: {@code [A-Za-z0-9][A-Za-z0-9._:@+=-]{0,127}}. */
    static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || "._:@+=-".indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }
}
