package io.auditsearch.retention;

import io.auditsearch.problem.ApiException;
import io.micronaut.http.HttpStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A checked hold request: both ends inclusive, {@code from <= to}, a reason, maybe a tenant. */
record HoldRange(Instant from, Instant to, Optional<String> tenant, String reason) {

    static final int MAX_REASON = 2000;
    static final int MAX_TENANT = 256;

    /** Checks every field; a 400 problem names each broken field and its rule. */
    static HoldRange of(HoldRequest request) {
        List<String> errors = new ArrayList<>();
        Optional<Instant> from = instant("from", request.from(), false, errors);
        Optional<Instant> to = instant("to", request.to(), true, errors);
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            errors.add("to: order: must not be before from (" + from.get() + ")");
        }
        String reason = request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty()) {
            errors.add("reason: required: say why the events are held (case, ticket, authority)");
        } else if (reason.length() > MAX_REASON) {
            errors.add("reason: length: at most " + MAX_REASON + " characters");
        }
        Optional<String> tenant = Optional.ofNullable(request.tenant()).map(String::strip);
        if (tenant.isPresent() && (tenant.get().isEmpty() || tenant.get().length() > MAX_TENANT)) {
            errors.add("tenant: length: an organization.id of 1 to " + MAX_TENANT + " characters, or leave it out for all tenants");
        }
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_hold", "Invalid legal hold", String.join("; ", errors));
        }
        return new HoldRange(from.orElseThrow(), to.orElseThrow(), tenant, reason);
    }

    private static Optional<Instant> instant(String field, String value, boolean upper, List<String> errors) {
        if (value == null || value.isBlank()) {
            errors.add(field + ": required: an RFC 3339 date-time (2026-01-31T12:00:00Z) or a date (2026-01-31)");
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.strip()).toInstant());
        } catch (DateTimeParseException e) {
            // not a date-time with offset; a plain date next
        }
        try {
            LocalDate day = LocalDate.parse(value.strip());
            // a date is the whole UTC day: from its first to its last millisecond
            return Optional.of(upper ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
                    : day.atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            errors.add(field + ": format: '" + value + "' is neither an RFC 3339 date-time with offset (2026-01-31T12:00:00Z) nor a date (2026-01-31)");
            return Optional.empty();
        }
    }
}
