package io.auditsearch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BackoffTest {

    private final Backoff lowest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), bound -> 0);
    private final Backoff highest = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), bound -> bound - 1);

    @Test
    void doublesPerAttemptWithEqualJitterUpToTheMaximum() {
        assertEquals(Duration.ofMillis(50), lowest.delay(1, null));
        assertEquals(Duration.ofMillis(100), highest.delay(1, null));
        assertEquals(Duration.ofMillis(100), lowest.delay(2, null));
        assertEquals(Duration.ofMillis(200), highest.delay(2, null));
        assertEquals(Duration.ofMillis(400), lowest.delay(4, null));
        assertEquals(Duration.ofSeconds(5), lowest.delay(30, null));
        assertEquals(Duration.ofSeconds(10), highest.delay(1000, null));
    }

    @Test
    void neverShorterThanRetryAfterWhichIsCapped() {
        assertEquals(Duration.ofSeconds(3), highest.delay(1, Duration.ofSeconds(3)));
        assertEquals(Duration.ofMillis(200), highest.delay(2, Duration.ofMillis(10)));
        assertEquals(Backoff.MAX_RETRY_AFTER, highest.delay(1, Duration.ofDays(2)));
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(7)), Backoff.parseRetryAfter(Optional.of("7"), now));
        assertEquals(Optional.of(Duration.ofSeconds(90)), Backoff.parseRetryAfter(Optional.of("Tue, 24 Nov 2026 10:01:30 GMT"), now));
        assertEquals(Optional.of(Duration.ZERO), Backoff.parseRetryAfter(Optional.of("Tue, 24 Nov 2026 09:00:00 GMT"), now));
        assertTrue(Backoff.parseRetryAfter(Optional.of("soon"), now).isEmpty());
        assertTrue(Backoff.parseRetryAfter(Optional.of("-1"), now).isEmpty());
        assertTrue(Backoff.parseRetryAfter(Optional.empty(), now).isEmpty());
    }
}
