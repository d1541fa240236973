package io.auditsearch.event;

import io.auditsearch.problem.FieldError;
import java.util.List;

/** An event broke one or more rules; mapped to a 400 problem listing every {@link FieldError}. */
public final class EventRejectedException extends RuntimeException {

    private final List<FieldError> errors;

    public EventRejectedException(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid event" : errors.getFirst().message(), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
