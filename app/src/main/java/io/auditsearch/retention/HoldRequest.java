package io.auditsearch.retention;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Body of {@code POST /v1/retention/holds}: {@code from} and {@code to} (RFC 3339, or a date for the
 * whole UTC day), an optional {@code tenant} ({@code organization.id}) and a required {@code reason}.
 */
@Serdeable
public record HoldRequest(@Nullable String from, @Nullable String to, @Nullable String tenant, @Nullable String reason) {
}
