package io.auditsearch.client;

import java.util.Locale;

/** ECS {@code event.type} allowed values (ECS 9.x), as the service checks them. */
public enum EventType {
    ACCESS, ADMIN, ALLOWED, CHANGE, CONNECTION, CREATION, DELETION, DENIED, DEVICE, END, ERROR, GROUP,
    INDICATOR, INFO, INSTALLATION, PROTOCOL, START, USER;

    /** The value as written in the event. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
