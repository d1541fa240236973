package io.auditsearch.stream;

import jakarta.inject.Singleton;
import java.net.http.HttpClient;

/** Webhooks: one shared JDK HTTP client, a transport per destination. */
@Singleton
class WebhookTransportFactory implements TransportFactory {

    private final HttpClient http;
    private final StreamsConfiguration config;

    WebhookTransportFactory(StreamsConfiguration config) {
        this.config = config;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.getRequestTimeout()).build();
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Transport open(Destination destination, PayloadFormat format) {
        return new WebhookTransport(destination, format, http, config.getRequestTimeout());
    }
}
