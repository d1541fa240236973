package io.auditsearch.client;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether a string is an IP address literal the service (and Elasticsearch's {@code ip} type) takes:
 * a dotted-quad IPv4 address or an IPv6 address. Never resolves a name: IPv6 text is handed to the
 * JDK's literal parser only when it holds nothing but hex digits, colons and dots.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    static boolean isIp(String value) {
        if (value == null || value.isEmpty() || value.length() > 45) {
            return false;
        }
        return value.indexOf(':') >= 0 ? isIpv6(value) : isIpv4(value);
    }

    private static boolean isIpv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String value) {
        if (value.charAt(0) == '.') {
            return false; // the JDK takes a literal only from a hex digit or ':' on
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.') {
                return false;
            }
        }
        if (value.indexOf('.') >= 0 && !isIpv4(value.substring(value.lastIndexOf(':') + 1))) {
            return false; // an embedded IPv4 tail must be a strict dotted quad too
        }
        try {
            // a string with ':' is parsed as an IPv6 literal and refused without any lookup
            InetAddress.getByName(value);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
