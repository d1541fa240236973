package io.auditsearch.security;

import java.util.Set;

/** The roles a caller may hold; which URL needs which is in application.yml's intercept-url-map. */
public final class Roles {

    /** Writes events. */
    public static final String INGEST = "ingest";
    /** Searches, gets, aggregates and exports events. */
    public static final String READ = "read";
    /** Everything, keys, dead letters and retention included. */
    public static final String ADMIN = "admin";
    static final Set<String> ALL = Set.of(INGEST, READ, ADMIN);

    private Roles() {
    }
}
