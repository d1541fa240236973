package io.auditsearch.retention;

import java.time.LocalDate;

/** A dated {@code audit-events-yyyy.MM.dd} index: its period date, primary document count and store size. */
record AuditIndex(String name, LocalDate periodDate, long docs, long sizeBytes) {
}
