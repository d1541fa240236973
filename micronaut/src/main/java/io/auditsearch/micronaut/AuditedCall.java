package io.auditsearch.micronaut;

import java.util.Map;

/**
 * One call of an {@link Audited} method, as {@link AuditChanges} hooks see it.
 *
 * @param action     the event's action
 * @param resourceId the resource id read from the call's parameters, or null
 * @param parameters the method's parameters by name
 */
public record AuditedCall(String action, String resourceId, Map<String, Object> parameters) {
}
