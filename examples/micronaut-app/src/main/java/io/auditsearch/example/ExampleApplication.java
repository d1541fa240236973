package io.auditsearch.example;

import io.micronaut.runtime.Micronaut;

/**
 * A small Micronaut application that records its audit events to Audit Search: logins (the catalog's
 * success and failure events, through {@code RequestAudit}), role grants and record views
 * ({@code @Audited}). Run it with {@code examples/micronaut-app/run}.
 */
public final class ExampleApplication {

    private ExampleApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(ExampleApplication.class, args);
    }
}
