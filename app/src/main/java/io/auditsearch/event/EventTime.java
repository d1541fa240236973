package io.auditsearch.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Event times as the API takes them: RFC 3339 date-times with an offset, read by
 * {@link OffsetDateTime#parse}. The shape nearly every client sends
 * ({@code 2026-01-31T12:00:00.250Z}, or with {@code +01:00}) is read field by field first, to the
 * same instant: the general parser cost more per event than copying the rest of it.
 */
public final class EventTime {

    private EventTime() {
    }

    /** The instant {@code text} names, or empty when it is not an RFC 3339 date-time with offset. */
    public static Optional<Instant> parse(String text) {
        Instant common = common(text);
        if (common != null) {
            return Optional.of(common);
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code text} is already how {@link Instant#toString} writes the instant it names: UTC
     * ({@code Z}), four-digit year, and a fraction of 3, 6 or 9 digits whose last three are not all zero.
     */
    static boolean isCanonical(String text) {
        int fraction = text.length() - 21; // digits after the point, when there is one
        if (!shaped(text) || text.charAt(text.length() - 1) != 'Z') {
            return false;
        }
        if (text.length() == 20) {
            return true;
        }
        return (fraction == 3 || fraction == 6 || fraction == 9) && text.charAt(19) == '.' && digits(text, 20, text.length() - 1)
                && !text.endsWith("000Z");
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} read field by field; null for any other shape or a date that does not exist. */
    private static Instant common(String text) {
        if (!shaped(text)) {
            return null;
        }
        int end = text.length();
        int offsetHours = 0;
        int offsetMinutes = 0;
        if (text.charAt(end - 1) == 'Z') {
            end--;
        } else {
            char sign = text.charAt(end - 6);
            if ((sign != '+' && sign != '-') || text.charAt(end - 3) != ':' || !digits(text, end - 5, end - 3) || !digits(text, end - 2, end)) {
                return null;
            }
            offsetHours = number(text, end - 5, end - 3) * (sign == '-' ? -1 : 1);
            offsetMinutes = number(text, end - 2, end) * (sign == '-' ? -1 : 1);
            end -= 6;
        }
        int nano = 0;
        if (end > 19) {
            int digits = end - 20;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9 || !digits(text, 20, end)) {
                return null;
            }
            nano = number(text, 20, end);
            for (int i = digits; i < 9; i++) {
                nano *= 10;
            }
        }
        try {
            LocalDateTime local = LocalDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10),
                    number(text, 11, 13), number(text, 14, 16), number(text, 17, 19), nano);
            return Instant.ofEpochSecond(local.toEpochSecond(ZoneOffset.ofHoursMinutes(offsetHours, offsetMinutes)), nano);
        } catch (DateTimeException e) {
            return null; // February 30th, an offset of +01:99 and the like: the general parser gives the verdict
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss} at the start, and room for a zone. */
    private static boolean shaped(String s) {
        return s.length() >= 20 && s.length() <= 35 && digits(s, 0, 4) && s.charAt(4) == '-' && digits(s, 5, 7) && s.charAt(7) == '-'
                && digits(s, 8, 10) && s.charAt(10) == 'T' && digits(s, 11, 13) && s.charAt(13) == ':' && digits(s, 14, 16)
                && s.charAt(16) == ':' && digits(s, 17, 19);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (s.charAt(i) - '0');
        }
        return n;
    }
}
