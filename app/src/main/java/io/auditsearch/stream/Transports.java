package io.auditsearch.stream;

import io.micronaut.context.BeanContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * The registry of transports and payload formats: every {@link TransportFactory} bean by its type,
 * and every {@link PayloadFormat} bean by its {@code @Named} name ({@code ecs}, {@code ocsf}, {@code cef}).
 */
@Singleton
class Transports {

    private final List<TransportFactory> factories;
    private final BeanContext beans;

    Transports(List<TransportFactory> factories, BeanContext beans) {
        this.factories = factories;
        this.beans = beans;
    }

    boolean supports(String type) {
        return factories.stream().anyMatch(f -> f.type().equals(type));
    }

    Optional<PayloadFormat> format(String name) {
        return beans.findBean(PayloadFormat.class, Qualifiers.byName(name));
    }

    /** A transport for the destination, or an IllegalArgumentException saying what this instance lacks. */
    Transport open(Destination d) {
        TransportFactory factory = factories.stream().filter(f -> f.type().equals(d.type())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no transport for type " + d.type() + " in this build"));
        PayloadFormat format = format(d.format())
                .orElseThrow(() -> new IllegalArgumentException("no payload format " + d.format() + " in this build"));
        return factory.open(d, format);
    }
}
