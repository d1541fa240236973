package io.auditsearch.stream;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * Syslog over TLS destinations. Options: {@code host} and {@code ca_pem} (required), {@code port} (6514),
 * {@code client_cert_pem} with the client's PKCS#8 key as the destination's secret (write-only),
 * {@code app_name} (audit-search), {@code facility} (13, log audit), {@code hostname} (this machine's name).
 */
@Singleton
class SyslogTransportFactory implements TransportFactory {

    private final StreamsConfiguration config;

    SyslogTransportFactory(StreamsConfiguration config) {
        this.config = config;
    }

    @Override
    public String type() {
        return "syslog";
    }

    @Override
    public Transport open(Destination destination, PayloadFormat format) {
        return new SyslogTlsTransport(settings(destination, config.getRequestTimeout()), format);
    }

    /** The destination's syslog settings, or an IllegalArgumentException naming the option that is wrong. */
    static SyslogSettings settings(Destination d, Duration timeout) {
        String host = d.option("host").orElseThrow(() -> new IllegalArgumentException("options.host is required for syslog"));
        String ca = d.option("ca_pem").orElseThrow(() -> new IllegalArgumentException(
                "options.ca_pem (the PEM of the CA that signed the receiver's certificate) is required for syslog"));
        int port = number(d, "port", 6514);
        int facility = number(d, "facility", SyslogSettings.LOG_AUDIT);
        Optional<String> cert = d.option("client_cert_pem");
        Optional<String> key = d.secrets().isEmpty() ? Optional.empty() : Optional.of(d.secrets().get(0));
        return new SyslogSettings(host, port, ca, cert, key, d.option("hostname").orElseGet(SyslogTransportFactory::localName),
                d.option("app_name").orElse("audit-search"), facility, timeout);
    }

    private static int number(Destination d, String option, int fallback) {
        try {
            return d.option(option).map(v -> Integer.parseInt(v.trim())).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("options." + option + " must be a number");
        }
    }

    private static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "-";
        }
    }
}
