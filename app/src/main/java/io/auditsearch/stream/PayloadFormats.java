package io.auditsearch.stream;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Optional;

/** The OCSF and CEF payload formats as beans named for {@code format} ({@code ecs} is {@link EcsFormat}). */
@Factory
class PayloadFormats {

    /** This build's version (the jar's Implementation-Version), as OCSF's product version and CEF's header. */
    static String productVersion() {
        return Optional.ofNullable(PayloadFormats.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    @Singleton
    @Named("ocsf")
    PayloadFormat ocsf() {
        return new OcsfFormat(productVersion());
    }

    @Singleton
    @Named("cef")
    PayloadFormat cef() {
        return new CefFormat(productVersion());
    }
}
