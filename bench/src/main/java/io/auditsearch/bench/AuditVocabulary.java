package io.auditsearch.bench;

import java.util.List;

/**
 * What {@link AuditEventGenerator}'s events are made of: actions with their ECS categorisation and
 * relative frequencies, tenants, names, roles, services, user agents, reasons and failures.
 */
final class AuditVocabulary {

    /** One kind of audited action and how ECS classifies it. */
    record Action(String name, List<String> category, List<String> type, String resourceType,
                          boolean targetsUser, boolean hasChanges, String verb) {
    }

    /** Why an action failed: ECS {@code error.*} and the HTTP status the caller got. */
    record Failure(String type, String code, String message, int status) {
    }

    /** A member of a tenant, the actor (or target) of events. */
    record Person(String id, String name, String email, List<String> roles) {
    }

    /** An organization with its own users. */
    record Tenant(String id, String name, String environment, List<Person> people) {
    }

    static final List<Action> ACTIONS = List.of(
            new Action("user.login", List.of("authentication", "session"), List.of("start"), "session", false, false, "signed in"),
            new Action("user.logout", List.of("authentication", "session"), List.of("end"), "session", false, false, "signed out"),
            new Action("user.password_change", List.of("iam"), List.of("user", "change"), "user", false, false, "changed the password of"),
            new Action("user.mfa_enable", List.of("iam"), List.of("user", "change"), "user", false, false, "enabled MFA for"),
            new Action("user.create", List.of("iam"), List.of("user", "creation"), "user", true, false, "created user"),
            new Action("user.suspend", List.of("iam"), List.of("user", "change"), "user", true, true, "suspended user"),
            new Action("role.assign", List.of("iam"), List.of("group", "change"), "role", true, true, "assigned a role to"),
            new Action("role.revoke", List.of("iam"), List.of("group", "change"), "role", true, true, "revoked a role from"),
            new Action("api_key.create", List.of("iam"), List.of("creation"), "api_key", false, false, "created API key"),
            new Action("api_key.revoke", List.of("iam"), List.of("deletion"), "api_key", false, false, "revoked API key"),
            new Action("model.create", List.of("configuration"), List.of("creation"), "model", false, false, "created model"),
            new Action("model.update", List.of("configuration"), List.of("change"), "model", false, true, "updated model"),
            new Action("model.delete", List.of("configuration"), List.of("deletion"), "model", false, false, "deleted model"),
            new Action("dataset.read", List.of("database"), List.of("access"), "dataset", false, false, "read dataset"),
            new Action("export.create", List.of("database"), List.of("access"), "export", false, false, "exported"),
            new Action("settings.update", List.of("configuration"), List.of("change"), "settings", false, true, "changed settings of"),
            new Action("webhook.create", List.of("configuration"), List.of("creation"), "webhook", false, false, "registered webhook"));

    /** Relative frequencies of {@link #ACTIONS}: sign-ins and reads dominate real audit trails. */
    static final int[] ACTION_WEIGHTS = {30, 12, 2, 1, 2, 1, 3, 2, 2, 1, 4, 8, 2, 14, 4, 3, 1};

    static final String[] FIRST_NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
            "ivan", "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yasmin"};
    static final String[] LAST_NAMES = {"smith", "jones", "garcia", "nguyen", "müller", "rossi", "kowalski",
            "tanaka", "okafor", "silva", "dubois", "larsen"};
    static final String[] ROLES = {"viewer", "editor", "analyst", "auditor", "admin", "owner", "billing"};
    static final String[][] TENANTS = {
            {"org-acme", "Acme Corporation"}, {"org-globex", "Globex"}, {"org-initech", "Initech"},
            {"org-umbrella", "Umbrella Health"}, {"org-hooli", "Hooli"}, {"org-stark", "Stark Industries"}};
    static final String[] SERVICES = {"iam-service", "model-registry", "data-catalog", "export-worker",
            "web-portal", "api-gateway"};
    static final String[] USER_AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
            "python-requests/2.32.3", "curl/8.5.0", "Go-http-client/2.0", "okhttp/4.12.0", "audit-search-sdk-java/1.4.2"};
    static final String[] REASONS = {"quarterly access review", "ticket SEC-4821", "customer request",
            "onboarding", "offboarding", "incident response", "scheduled maintenance", "self-service"};
    static final List<Failure> FAILURES = List.of(
            new Failure("invalid_credentials", "AUTH_INVALID_CREDENTIALS", "the password does not match", 401),
            new Failure("forbidden", "AUTHZ_DENIED", "the caller lacks the permission this action needs", 403),
            new Failure("not_found", "RESOURCE_NOT_FOUND", "the resource does not exist or was deleted", 404),
            new Failure("conflict", "VERSION_CONFLICT", "the resource was changed by another request", 409),
            new Failure("rate_limited", "RATE_LIMITED", "too many requests from this client", 429));
    static final int PEOPLE_PER_TENANT = 40;
    static final String[] MODEL_STAGES = {"draft", "staging", "production", "archived"};
    static final String[] REGIONS = {"eu-west-1", "eu-central-1", "us-east-1", "ap-southeast-2"};

    private AuditVocabulary() {
    }
}
