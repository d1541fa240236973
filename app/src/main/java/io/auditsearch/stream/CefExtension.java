package io.auditsearch.stream;

import java.util.Optional;

/** Appends {@code key=value} pairs, space-separated, to a CEF line; absent values are left out. */
final class CefExtension {

    private final StringBuilder line;
    private boolean first = true;

    CefExtension(StringBuilder line) {
        this.line = line;
    }

    void add(String key, String value) {
        if (!first) {
            line.append(' ');
        }
        first = false;
        line.append(key).append('=').append(CefFormat.extension(value));
    }

    void add(String key, Optional<String> value) {
        value.ifPresent(v -> add(key, v));
    }

    /** A custom string csN with its label csNLabel. */
    void custom(int n, String label, Optional<String> value) {
        value.ifPresent(v -> {
            add("cs" + n, v);
            add("cs" + n + "Label", label);
        });
    }
}
