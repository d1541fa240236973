package io.auditsearch.client;

import java.util.Locale;

/** ECS {@code event.category} allowed values (ECS 9.x), as the service checks them. */
public enum EventCategory {
    API, AUTHENTICATION, CONFIGURATION, DATABASE, DRIVER, EMAIL, FILE, HOST, IAM, INTRUSION_DETECTION,
    LIBRARY, MALWARE, NETWORK, PACKAGE, PROCESS, REGISTRY, SESSION, THREAT, VULNERABILITY, WEB;

    /** The value as written in the event. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
