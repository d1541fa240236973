package io.auditsearch.stream;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** OCSF API Activity's activity_id, from ECS {@code event.type} first, else from the verb in {@code event.action}. */
record OcsfActivity(int id, String label) {

    static final OcsfActivity UNKNOWN = new OcsfActivity(0, "Unknown");
    static final OcsfActivity CREATE = new OcsfActivity(1, "Create");
    static final OcsfActivity READ = new OcsfActivity(2, "Read");
    static final OcsfActivity UPDATE = new OcsfActivity(3, "Update");
    static final OcsfActivity DELETE = new OcsfActivity(4, "Delete");
    static final OcsfActivity OTHER = new OcsfActivity(99, "Other");

    private static final Set<String> CREATE_VERBS = Set.of("create", "created", "add", "added", "insert", "register", "invite", "upload");
    private static final Set<String> READ_VERBS = Set.of("read", "get", "view", "viewed", "list", "search", "export", "download", "access", "accessed", "query");
    private static final Set<String> UPDATE_VERBS = Set.of("update", "updated", "change", "changed", "modify", "modified", "edit", "set", "assign", "assigned", "rename", "enable", "disable", "rotate", "grant");
    private static final Set<String> DELETE_VERBS = Set.of("delete", "deleted", "remove", "removed", "destroy", "purge", "revoke", "revoked");

    static OcsfActivity of(StreamedEcs ecs) {
        List<String> types = ecs.texts("event.type");
        if (types.contains("creation")) {
            return CREATE;
        }
        if (types.contains("deletion")) {
            return DELETE;
        }
        if (types.contains("change")) {
            return UPDATE;
        }
        if (types.contains("access")) {
            return READ;
        }
        return ecs.text("event.action").map(OcsfActivity::fromAction).orElse(UNKNOWN);
    }

    /** The action's words (split on '.', '_', '-', ':', '/' and camel case), last word first. */
    static OcsfActivity fromAction(String action) {
        String[] words = action.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).split("[._:/\\-\\s]+");
        for (int i = words.length - 1; i >= 0; i--) {
            String w = words[i];
            if (CREATE_VERBS.contains(w)) {
                return CREATE;
            }
            if (READ_VERBS.contains(w)) {
                return READ;
            }
            if (UPDATE_VERBS.contains(w)) {
                return UPDATE;
            }
            if (DELETE_VERBS.contains(w)) {
                return DELETE;
            }
        }
        return OTHER;
    }
}
