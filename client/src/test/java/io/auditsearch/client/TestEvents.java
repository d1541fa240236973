package io.auditsearch.client;

/** Small valid events for the tests. */
final class TestEvents {

    private TestEvents() {
    }

    static AuditEvent login(int n) {
        return AuditEvent.builder(CatalogEvent.USER_LOGIN_SUCCEEDED).actor("u-" + n, "user" + n).sourceIp("192.0.2.10").build();
    }

    static AuditEvent invalidOnTheService(int n) {
        return AuditEvent.builder().action(FakeAuditService.INVALID_ACTION).actor("u-" + n, "user" + n).build();
    }
}
