package io.auditsearch.event;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the concrete index of an event from its own {@code @timestamp} in UTC:
 * {@code audit-events-yyyy.MM.dd}, where the date is always the first day of the period, so ILM can
 * take the origination date from the name and retention follows event time, not arrival time.
 */
public final class EventIndexNaming {

    /** How much time one index covers. Weeks start on Monday (ISO 8601). */
    public enum Granularity { DAY, WEEK, MONTH }

    public static final String PREFIX = "audit-events";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd");
    private static final Pattern NAME = Pattern.compile("^" + PREFIX + "-(\\d{4}\\.\\d{2}\\.\\d{2})$");

    private static final long SECONDS_PER_DAY = 86_400;

    private final Granularity granularity;
    /** Index names by UTC epoch day: a bulk's events fall on a few days, and formatting a date per event costs more than a lookup. */
    private final LoadingCache<Long, String> names = Caffeine.newBuilder().maximumSize(1024)
            .build(day -> PREFIX + "-" + DATE.format(periodStart(LocalDate.ofEpochDay(day))));

    public EventIndexNaming(Granularity granularity) {
        this.granularity = granularity;
    }

    public Granularity granularity() {
        return granularity;
    }

    public String indexFor(Instant timestamp) {
        return names.get(Math.floorDiv(timestamp.getEpochSecond(), SECONDS_PER_DAY)); // the UTC date, as an epoch day
    }

    public LocalDate periodStart(LocalDate day) {
        return switch (granularity) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The first day after the period that starts on {@code start}. */
    public LocalDate periodEnd(LocalDate start) {
        return switch (granularity) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }

    /** The period date of a dated audit index, or empty for any other name. */
    public static Optional<LocalDate> periodDateOf(String indexName) {
        Matcher m = NAME.matcher(indexName);
        return m.matches() ? Optional.of(LocalDate.parse(m.group(1), DATE)) : Optional.empty();
    }
}
