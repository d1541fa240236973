package io.auditsearch.event;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;

/** Lists the dotted leaf paths that differ between {@code audit.changes.before} and {@code after}. */
final class ChangedFields {

    private static final int MAX_FIELDS = 256;

    private ChangedFields() {
    }

    static void collect(String path, JsonNode before, JsonNode after, List<String> out) {
        if (out.size() >= MAX_FIELDS) {
            return;
        }
        boolean beforeObject = before != null && before.isObject();
        boolean afterObject = after != null && after.isObject();
        if (beforeObject || afterObject) {
            Set<String> keys = new LinkedHashSet<>();
            if (beforeObject) {
                before.properties().forEach(e -> keys.add(e.getKey()));
            }
            if (afterObject) {
                after.properties().forEach(e -> keys.add(e.getKey()));
            }
            for (String key : keys) {
                collect(path.isEmpty() ? key : path + "." + key,
                        beforeObject ? before.get(key) : null,
                        afterObject ? after.get(key) : null, out);
            }
            if (!(beforeObject && afterObject) && !path.isEmpty() && !out.contains(path)) {
                out.add(path); // an object appeared, vanished or replaced a scalar
            }
            return;
        }
        if (!Objects.equals(before, after) && !path.isEmpty()) {
            out.add(path);
        }
    }
}
