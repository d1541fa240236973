package io.auditsearch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The quick reading of the common shape gives what the general RFC 3339 parser gives, for good and bad input alike. */
@Tag("unit")
class EventTimeTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "2026-03-02T08:15:30Z", "2026-03-02T08:15:30.250Z", "2026-03-02T08:15:30.25Z", "2026-03-02T08:15:30.000Z",
            "2026-03-02T08:15:30.123456789Z", "2026-03-02T08:15:30.000100Z", "2026-03-02T08:15:30.100000000Z",
            "2026-03-02T09:15:30.250+01:00", "2026-03-01T23:30:00-02:00", "2026-03-02T08:15:30+05:45", "2026-03-02T08:15:30-00:00",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00Z",
            // not dates, or not with an offset: both must refuse
            "2026-02-30T08:15:30Z", "2025-02-29T12:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T08:60:00Z", "2026-03-02T08:15:60Z",
            "2026-13-02T08:15:30Z", "2026-03-02T08:15:30+01:99", "2026-03-02T08:15:30+19:00", "2026-03-02T08:15:30",
            "2026-03-02T08:15:30.Z", "2026-03-02T08:15:30.1234567890Z", "2026-03-02 08:15:30Z", "2026-03-02T08:15:30+0100",
            "2026-03-02t08:15:30z", "2026-03-02T08:15:30,250Z", "+12026-03-02T08:15:30Z", "2026-03-02T08:15Z", "yesterday",
            "2026-03-02T08:15:30.2a0Z", "2026-03-02T08:15:30+01:00:30"})
    void readsEveryTimeAsTheGeneralParserDoes(String text) {
        Optional<Instant> general;
        try {
            general = Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            general = Optional.empty();
        }
        assertEquals(general, EventTime.parse(text), text);
        // a year past 9999 is rewritten even when it was written as Instant writes it: never wrongly left as given
        boolean canonical = general.isPresent() && general.get().toString().equals(text) && !text.startsWith("+");
        assertEquals(canonical, general.isPresent() && EventTime.isCanonical(text), "canonical: " + text);
    }
}
