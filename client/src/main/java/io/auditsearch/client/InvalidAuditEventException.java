package io.auditsearch.client;

import java.util.List;

/** The event would be refused by the service; every problem found is listed. */
public final class InvalidAuditEventException extends IllegalArgumentException {

    private final transient List<String> problems;

    InvalidAuditEventException(List<String> problems) {
        super("invalid audit event: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as "field: rule". */
    public List<String> problems() {
        return problems;
    }
}
