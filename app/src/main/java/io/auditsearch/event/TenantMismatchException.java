package io.auditsearch.event;

import io.auditsearch.problem.ApiException;
import io.micronaut.http.HttpStatus;

/** A tenant-bound caller sent an event of another tenant ({@code organization.id}): a 403, for the event or its bulk line. */
public final class TenantMismatchException extends ApiException {

    public TenantMismatchException(String callerTenant, String eventTenant) {
        super(HttpStatus.FORBIDDEN, "tenant_mismatch", "Event of another tenant",
                "organization.id: the credentials are bound to tenant '" + callerTenant
                        + "' and may not write events of tenant '" + eventTenant + "'");
    }
}
