package io.auditsearch.client;

import static io.auditsearch.client.ComplianceControl.*;
import static io.auditsearch.client.EventCategory.AUTHENTICATION;
import static io.auditsearch.client.EventCategory.CONFIGURATION;
import static io.auditsearch.client.EventCategory.DATABASE;
import static io.auditsearch.client.EventCategory.IAM;
import static io.auditsearch.client.EventCategory.SESSION;
import static io.auditsearch.client.EventType.ACCESS;
import static io.auditsearch.client.EventType.ADMIN;
import static io.auditsearch.client.EventType.CHANGE;
import static io.auditsearch.client.EventType.CREATION;
import static io.auditsearch.client.EventType.DELETION;
import static io.auditsearch.client.EventType.END;
import static io.auditsearch.client.EventType.INFO;
import static io.auditsearch.client.EventType.START;
import static io.auditsearch.client.EventType.USER;

import java.util.List;

/**
 * The standard audit events: action, ECS categorisation, outcome, default level and the compliance
 * requirements each one serves ({@code docs/events.md} is the same table). Start an event with
 * {@code AuditEvent.builder(CatalogEvent.USER_LOGIN_FAILED)}; any field can still be overridden.
 */
public enum CatalogEvent {
    USER_LOGIN_SUCCEEDED("user.login", List.of(AUTHENTICATION), List.of(START), Outcome.SUCCESS, Level.INFO, SOC2_CC6_1, SOC2_CC7_2, PCI_DSS_10_2_1_2),
    USER_LOGIN_FAILED("user.login", List.of(AUTHENTICATION), List.of(START), Outcome.FAILURE, Level.WARNING, PCI_DSS_10_2_1_4, SOC2_CC6_1, SOC2_CC7_2),
    USER_LOGOUT("user.logout", List.of(AUTHENTICATION), List.of(END), Outcome.SUCCESS, Level.INFO, SOC2_CC6_1),
    PASSWORD_CHANGED("user.password.change", List.of(IAM), List.of(CHANGE, USER), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_5, SOC2_CC6_1),
    PASSWORD_RESET("user.password.reset", List.of(IAM), List.of(CHANGE, USER), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_5, SOC2_CC6_1),
    MFA_ENROLLED("user.mfa.enroll", List.of(IAM), List.of(CREATION, USER), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_5, SOC2_CC6_1),
    MFA_CHALLENGED("user.mfa.challenge", List.of(AUTHENTICATION), List.of(INFO), Outcome.SUCCESS, Level.INFO, SOC2_CC6_1),
    MFA_FAILED("user.mfa.challenge", List.of(AUTHENTICATION), List.of(INFO), Outcome.FAILURE, Level.WARNING, PCI_DSS_10_2_1_4, SOC2_CC6_1, SOC2_CC7_2),
    SESSION_ISSUED("session.issue", List.of(SESSION), List.of(START), Outcome.SUCCESS, Level.INFO, SOC2_CC6_1),
    SESSION_REFRESHED("session.refresh", List.of(SESSION), List.of(INFO), Outcome.SUCCESS, Level.DEBUG, SOC2_CC6_1),
    SESSION_REVOKED("session.revoke", List.of(SESSION), List.of(END), Outcome.SUCCESS, Level.NOTICE, SOC2_CC6_1, SOC2_CC6_2),
    API_KEY_CREATED("api_key.create", List.of(IAM), List.of(CREATION), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_5, SOC2_CC6_1, SOC2_CC6_2),
    API_KEY_ROTATED("api_key.rotate", List.of(IAM), List.of(CHANGE), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_5, SOC2_CC6_1),
    API_KEY_REVOKED("api_key.revoke", List.of(IAM), List.of(DELETION), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_5, SOC2_CC6_1, SOC2_CC6_2),
    OAUTH_CONNECTED("oauth.connect", List.of(IAM), List.of(CREATION), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_5, SOC2_CC6_1),
    OAUTH_DISCONNECTED("oauth.disconnect", List.of(IAM), List.of(DELETION), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_5, SOC2_CC6_1),
    ROLE_GRANTED("role.grant", List.of(IAM), List.of(CHANGE, ADMIN), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_2, PCI_DSS_10_2_1_5, SOC2_CC6_2, SOC2_CC6_3),
    ROLE_REVOKED("role.revoke", List.of(IAM), List.of(CHANGE, ADMIN), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_2, PCI_DSS_10_2_1_5, SOC2_CC6_2, SOC2_CC6_3),
    PERMISSION_GRANTED("permission.grant", List.of(IAM), List.of(CHANGE, ADMIN), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_2, PCI_DSS_10_2_1_5, SOC2_CC6_3),
    PERMISSION_REVOKED("permission.revoke", List.of(IAM), List.of(CHANGE, ADMIN), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_2, PCI_DSS_10_2_1_5, SOC2_CC6_3),
    USER_CREATED("user.create", List.of(IAM), List.of(CREATION, USER), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_5, PCI_DSS_10_2_1_7, SOC2_CC6_2),
    USER_DISABLED("user.disable", List.of(IAM), List.of(CHANGE, USER), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_5, SOC2_CC6_2),
    USER_DELETED("user.delete", List.of(IAM), List.of(DELETION, USER), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_5, PCI_DSS_10_2_1_7, SOC2_CC6_2, GDPR_ART_17),
    RECORD_VIEWED("record.view", List.of(DATABASE), List.of(ACCESS), Outcome.SUCCESS, Level.INFO, PCI_DSS_10_2_1_1, GDPR_ART_30),
    RECORD_EXPORTED("record.export", List.of(DATABASE), List.of(ACCESS), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_1, GDPR_ART_15, GDPR_ART_30),
    RECORD_CHANGED("record.change", List.of(DATABASE), List.of(CHANGE), Outcome.SUCCESS, Level.INFO, PCI_DSS_10_2_1_1, GDPR_ART_30),
    RECORD_DELETED("record.delete", List.of(DATABASE), List.of(DELETION), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_1, GDPR_ART_17, GDPR_ART_30),
    CONFIGURATION_CHANGED("configuration.change", List.of(CONFIGURATION), List.of(CHANGE), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_2, PCI_DSS_10_2_1_7, SOC2_CC7_2),
    AUDIT_LOG_READ("audit_log.read", List.of(DATABASE), List.of(ACCESS), Outcome.SUCCESS, Level.INFO, PCI_DSS_10_2_1_3, SOC2_CC7_2),
    AUDIT_LOG_EXPORTED("audit_log.export", List.of(DATABASE), List.of(ACCESS), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_3, SOC2_CC7_2, GDPR_ART_30),
    AUDIT_LOGGING_STARTED("audit_log.start", List.of(CONFIGURATION), List.of(START), Outcome.SUCCESS, Level.NOTICE, PCI_DSS_10_2_1_6, SOC2_CC7_2),
    AUDIT_LOGGING_STOPPED("audit_log.stop", List.of(CONFIGURATION), List.of(END), Outcome.SUCCESS, Level.WARNING, PCI_DSS_10_2_1_6, SOC2_CC7_2);

    private final String action;
    private final List<EventCategory> categories;
    private final List<EventType> types;
    private final Outcome outcome;
    private final Level level;
    private final List<ComplianceControl> controls;

    CatalogEvent(String action, List<EventCategory> categories, List<EventType> types, Outcome outcome, Level level,
                 ComplianceControl... controls) {
        this.action = action;
        this.categories = categories;
        this.types = types;
        this.outcome = outcome;
        this.level = level;
        this.controls = List.of(controls);
    }

    public String action() {
        return action;
    }

    public List<EventCategory> categories() {
        return categories;
    }

    public List<EventType> types() {
        return types;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The default {@code log.level}. */
    public Level level() {
        return level;
    }

    public List<ComplianceControl> controls() {
        return controls;
    }
}
