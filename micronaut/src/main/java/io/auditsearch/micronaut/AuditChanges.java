package io.auditsearch.micronaut;

/**
 * Gives the state of what an {@link Audited} method changes, before and after the call, for
 * {@code audit.changes.before/after} (the service lists the changed fields and masks secrets).
 * Implement it as a bean and name it in {@code @Audited(changes = RoleChanges.class)}. A hook that
 * throws is logged and the event is recorded without changes.
 */
public interface AuditChanges {

    /** The state before the method runs (a Map, a record or any Jackson-serializable object), or null. */
    Object before(AuditedCall call);

    /** The state after the method returned {@code result} (not called when it threw), or null. */
    Object after(AuditedCall call, Object result);
}
