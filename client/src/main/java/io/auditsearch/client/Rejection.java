package io.auditsearch.client;

/**
 * An event the service refused for good (a 4xx item, typically 400 {@code validation_error});
 * never retried.
 *
 * @param eventId the event's {@code event.id}
 * @param action  its {@code event.action}
 * @param status  the item's (or the request's) HTTP status
 * @param type    the service's error type, e.g. {@code validation_error}
 * @param reason  the service's sentence naming the field and rule
 * @param field   the first offending field, when the service named one
 */
public record Rejection(String eventId, String action, int status, String type, String reason, String field) {
}
