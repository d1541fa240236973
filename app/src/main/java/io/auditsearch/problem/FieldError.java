package io.auditsearch.problem;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One rule an event broke: the dotted field path, the rule's short name and a sentence for people.
 *
 * @param field   dotted path of the offending field ({@code event.action}); {@code "$"} for the whole event
 * @param rule    stable rule name clients can switch on ({@code required}, {@code unknown_field}, ...)
 * @param message what is wrong, naming the field and the rule
 */
@Serdeable
public record FieldError(String field, String rule, String message) {

    public static FieldError of(String field, String rule, String message) {
        return new FieldError(field, rule, field + ": " + message);
    }
}
