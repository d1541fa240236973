package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
import io.auditsearch.event.EventTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code from}/{@code to}: RFC 3339 ({@code 2026-01-31T12:00:00Z}), a plain date
 * ({@code 2026-01-31}, the whole day in UTC) or Elasticsearch-style date math on {@code now}
 * ({@code now-24h}, {@code now-7d/d}, {@code now/M}). Resolved here, not by Elasticsearch, so the
 * service knows the period's dated indices. Rounding follows Elasticsearch: down for {@code from},
 * to the end of the unit for {@code to}.
 */
final class TimeExpressions {

    private static final Pattern STEP = Pattern.compile("([+-])(\\d{1,6})([yMwdhHms])|/([yMwdhHms])");

    private TimeExpressions() {
    }

    static Instant parse(String name, String value, boolean isUpperBound, Instant now) {
        String v = value.trim();
        if (v.startsWith("now")) {
            return dateMath(name, v, isUpperBound, now);
        }
        Optional<Instant> time = EventTime.parse(v); // as an event's own times are read
        if (time.isPresent()) {
            return time.get();
        }
        try {
            LocalDate day = LocalDate.parse(v);
            return isUpperBound ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
                    : day.atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw BadRequestException.parameter(name, "'" + value + "' is neither an RFC 3339 date-time with offset "
                    + "(2026-01-31T12:00:00Z), a date (2026-01-31) nor date math on now (now-24h, now-7d/d)");
        }
    }

    private static Instant dateMath(String name, String v, boolean isUpperBound, Instant now) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        Matcher m = STEP.matcher(v);
        int pos = 3;
        while (pos < v.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw BadRequestException.parameter(name, "cannot read date math '" + v + "' at position " + pos
                        + " (expected +N<unit>, -N<unit> or /<unit> with unit one of y M w d h m s)");
            }
            if (m.group(4) != null) {
                t = round(t, m.group(4).charAt(0), isUpperBound);
            } else {
                long n = Long.parseLong(m.group(2)) * (m.group(1).equals("-") ? -1 : 1);
                t = t.plus(n, unit(m.group(3).charAt(0)));
            }
            pos = m.end();
        }
        return t.toInstant();
    }

    private static ChronoUnit unit(char c) {
        return switch (c) {
            case 'y' -> ChronoUnit.YEARS;
            case 'M' -> ChronoUnit.MONTHS;
            case 'w' -> ChronoUnit.WEEKS;
            case 'd' -> ChronoUnit.DAYS;
            case 'h', 'H' -> ChronoUnit.HOURS;
            case 'm' -> ChronoUnit.MINUTES;
            default -> ChronoUnit.SECONDS;
        };
    }

    private static ZonedDateTime round(ZonedDateTime t, char c, boolean up) {
        ZonedDateTime start = switch (c) {
            case 'y' -> t.with(TemporalAdjusters.firstDayOfYear()).truncatedTo(ChronoUnit.DAYS);
            case 'M' -> t.with(TemporalAdjusters.firstDayOfMonth()).truncatedTo(ChronoUnit.DAYS);
            case 'w' -> t.minusDays(t.getDayOfWeek().getValue() - 1L).truncatedTo(ChronoUnit.DAYS); // ISO weeks start on Monday
            default -> t.truncatedTo(unit(c));
        };
        // rounding an upper bound includes the whole unit, as Elasticsearch does for lte
        return up ? start.plus(1, unit(c)).minusNanos(1_000_000) : start;
    }
}
