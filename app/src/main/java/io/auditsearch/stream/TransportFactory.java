package io.auditsearch.stream;

/**
 * Opens transports of one destination type ({@code webhook}, {@code splunk_hec}, {@code syslog},
 * {@code kafka}). One bean per type; {@link Transports} picks the one whose {@link #type()} matches.
 */
public interface TransportFactory {

    /** The destination type this factory serves. */
    String type();

    /**
     * A transport for the destination's settings, sending events as {@code format} makes them.
     *
     * @throws IllegalArgumentException when the destination's settings do not suit this type
     */
    Transport open(Destination destination, PayloadFormat format);
}
