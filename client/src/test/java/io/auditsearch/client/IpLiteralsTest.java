package io.auditsearch.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class IpLiteralsTest {

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.10", "0.0.0.0", "255.255.255.255", "::1", "::", "2001:db8::1",
            "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:192.0.2.1", "fe80::1:2:3:4"})
    void addresses(String ip) {
        assertTrue(IpLiterals.isIp(ip), ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "a.b.c.d", "localhost", "example.com",
            "2001:db8::g", "1:2:3:4:5:6:7:8:9", ":::1", "::ffff:1.2.3", "fe80::1%eth0", "[::1]", " 1.2.3.4", "1.2.3.4 ", ".1:2",
            "\u0661.2.3.4"})
    void notAddresses(String ip) {
        assertFalse(IpLiterals.isIp(ip), ip);
    }
}
