package io.auditsearch.stream;

import java.time.Duration;
import java.util.Optional;

/**
 * Where and how a syslog-over-TLS destination receives (RFC 5425).
 *
 * @param host          the receiver's host name or IP address, checked against its certificate
 * @param port          its TLS port (6514 by convention)
 * @param trustPem      the PEM certificate(s) of the CA that signed the receiver's certificate
 * @param clientCertPem this client's PEM certificate chain, when the receiver asks for one
 * @param clientKeyPem  this client's PKCS#8 PEM private key, with the chain
 * @param hostname      the HOSTNAME field of each message (this instance's name)
 * @param appName       the APP-NAME field (at most 48 printable ASCII characters)
 * @param facility      the syslog facility, 0..23; 13 is "log audit"
 * @param timeout       connect, handshake and per-batch write deadline
 */
public record SyslogSettings(String host, int port, String trustPem, Optional<String> clientCertPem,
                             Optional<String> clientKeyPem, String hostname, String appName, int facility,
                             Duration timeout) {

    public static final int LOG_AUDIT = 13;

    public SyslogSettings {
        if (facility < 0 || facility > 23) {
            throw new IllegalArgumentException("syslog facility must be 0..23, was " + facility);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("syslog port must be 1..65535, was " + port);
        }
        if (clientCertPem.isPresent() != clientKeyPem.isPresent()) {
            throw new IllegalArgumentException("a syslog client certificate needs its private key, and the other way round");
        }
    }

    /** Facility log audit (13), a 10 s deadline, no client certificate. */
    public static SyslogSettings of(String host, int port, String trustPem, String hostname, String appName) {
        return new SyslogSettings(host, port, trustPem, Optional.empty(), Optional.empty(), hostname, appName,
                LOG_AUDIT, Duration.ofSeconds(10));
    }

    public SyslogSettings withClientCertificate(String certPem, String keyPem) {
        return new SyslogSettings(host, port, trustPem, Optional.of(certPem), Optional.of(keyPem), hostname, appName,
                facility, timeout);
    }

    @Override
    public String toString() {
        return "SyslogSettings[host=" + host + ", port=" + port + ", clientCertificate=" + clientCertPem.isPresent()
                + ", hostname=" + hostname + ", appName=" + appName + ", facility=" + facility + "]";
    }
}
