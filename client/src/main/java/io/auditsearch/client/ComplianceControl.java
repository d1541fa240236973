package io.auditsearch.client;

/** The compliance requirements the event catalog maps to ({@code catalog/event-catalog.json} is the same list). */
public enum ComplianceControl {
    PCI_DSS_10_2_1_1("PCI-DSS-10.2.1.1", "PCI DSS v4 10.2.1.1", "all individual user access to cardholder data"),
    PCI_DSS_10_2_1_2("PCI-DSS-10.2.1.2", "PCI DSS v4 10.2.1.2", "all actions by any individual with administrative access"),
    PCI_DSS_10_2_1_3("PCI-DSS-10.2.1.3", "PCI DSS v4 10.2.1.3", "all access to audit logs"),
    PCI_DSS_10_2_1_4("PCI-DSS-10.2.1.4", "PCI DSS v4 10.2.1.4", "invalid logical access attempts"),
    PCI_DSS_10_2_1_5("PCI-DSS-10.2.1.5", "PCI DSS v4 10.2.1.5", "all changes to identification and authentication credentials"),
    PCI_DSS_10_2_1_6("PCI-DSS-10.2.1.6", "PCI DSS v4 10.2.1.6", "initialization, starting, stopping or pausing of the audit logs"),
    PCI_DSS_10_2_1_7("PCI-DSS-10.2.1.7", "PCI DSS v4 10.2.1.7", "creation and deletion of system-level objects"),
    SOC2_CC6_1("SOC2-CC6.1", "SOC 2 CC6.1", "logical access security: authentication and access control"),
    SOC2_CC6_2("SOC2-CC6.2", "SOC 2 CC6.2", "registration, authorization and removal of users"),
    SOC2_CC6_3("SOC2-CC6.3", "SOC 2 CC6.3", "role-based access: granting, changing and removing access"),
    SOC2_CC7_2("SOC2-CC7.2", "SOC 2 CC7.2", "monitoring of system components for anomalies and security events"),
    GDPR_ART_15("GDPR-Art.15", "GDPR Art. 15", "right of access by the data subject"),
    GDPR_ART_17("GDPR-Art.17", "GDPR Art. 17", "right to erasure"),
    GDPR_ART_30("GDPR-Art.30", "GDPR Art. 30", "records of processing activities");

    private final String id;
    private final String label;
    private final String covers;

    ComplianceControl(String id, String label, String covers) {
        this.id = id;
        this.label = label;
        this.covers = covers;
    }

    /**
     * The control's id as stored in {@code audit.compliance} and searched with {@code control=},
     * e.g. "PCI-DSS-10.2.1.4" (the service tags catalog events with it: {@code catalog/event-catalog.json}).
     */
    public String id() {
        return id;
    }

    /** As auditors write it, e.g. "PCI DSS v4 10.2.1.4". */
    public String label() {
        return label;
    }

    /** What the requirement asks to be logged or shown. */
    public String covers() {
        return covers;
    }
}
