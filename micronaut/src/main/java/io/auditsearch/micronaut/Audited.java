package io.auditsearch.micronaut;

import io.micronaut.aop.Around;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records one audit event per call of the annotated method (or of every public method of the
 * annotated bean or controller), through the application's {@link io.auditsearch.client.AuditClient}:
 *
 * <pre>{@code
 * @Audited(action = "role.grant", resourceType = "role", resourceId = "role")
 * @Post("/users/{userId}/roles/{role}")
 * void grant(String userId, String role) { ... }
 * }</pre>
 *
 * The event carries the action (with the catalog's categorisation, outcome, level and controls when
 * the action is a {@link io.auditsearch.client.CatalogEvent}), the outcome (success when the method
 * returns, failure with {@code error.type} and {@code error.message} when it throws; the exception is
 * re-thrown untouched), and what the current HTTP request tells: the principal, the tenant, the
 * source IP, the user agent and {@code X-Request-Id}. Recording never fails the call.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Around
public @interface Audited {

    /** {@code event.action}, e.g. {@code "role.grant"} or {@code "invoice.approve"}. */
    String action();

    /** {@code audit.resource.type}; none when empty. */
    String resourceType() default "";

    /**
     * Where {@code audit.resource.id} comes from: the name of a parameter of the method (its value's
     * {@code toString()}), or {@code "result"} for the return value; none when empty. A name that is
     * neither is taken as the id itself.
     */
    String resourceId() default "";

    /** A bean that reads the state before and after the call ({@code audit.changes}); none by default. */
    Class<? extends AuditChanges> changes() default AuditChanges.class;
}
