package io.auditsearch.stream;

import jakarta.inject.Singleton;
import java.net.http.HttpClient;

/** Splunk HTTP Event Collector: one shared JDK HTTP client, a transport (and ack channel) per destination. */
@Singleton
class SplunkHecTransportFactory implements TransportFactory {

    private final HttpClient http;
    private final StreamsConfiguration config;

    SplunkHecTransportFactory(StreamsConfiguration config) {
        this.config = config;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.getRequestTimeout()).build();
    }

    @Override
    public String type() {
        return "splunk_hec";
    }

    @Override
    public Transport open(Destination destination, PayloadFormat format) {
        return new SplunkHecTransport(destination, format, http, config);
    }
}
