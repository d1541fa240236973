package io.auditsearch.dashboards;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The field names a KQL query filters on: every {@code field:} or {@code field >= value} token
 * outside quoted strings. Enough for the queries the dashboards ship (no nested-field syntax);
 * a misread value shows up as an unknown field and fails the field check rather than passing it.
 */
final class KqlFields {

    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern FIELD = Pattern.compile("(?<![\\w.*@-])([A-Za-z@_][\\w.@-]*)\\s*(?::|<=|>=|<|>)");

    private KqlFields() {
    }

    static Set<String> of(String kql) {
        String unquoted = QUOTED.matcher(kql).replaceAll("\"\"");
        Set<String> fields = new LinkedHashSet<>();
        Matcher m = FIELD.matcher(unquoted);
        while (m.find()) {
            fields.add(m.group(1));
        }
        return fields;
    }
}
