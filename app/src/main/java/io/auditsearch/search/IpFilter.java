package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
import io.netty.util.NetUtil;

/** Checks a {@code source_ip} value: an IPv4 or IPv6 address, or a CIDR block of either. */
final class IpFilter {

    private IpFilter() {
    }

    static String check(String name, String value) {
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        boolean v4 = NetUtil.isValidIpV4Address(address);
        boolean v6 = !v4 && NetUtil.isValidIpV6Address(address);
        if (!v4 && !v6) {
            throw BadRequestException.parameter(name, "'" + value + "' is not an IP address or CIDR block (10.0.0.0/8, 2001:db8::/32)");
        }
        if (slash >= 0) {
            int bits;
            try {
                bits = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > (v4 ? 32 : 128)) {
                throw BadRequestException.parameter(name, "'" + value + "' has an invalid prefix length (0 to " + (v4 ? 32 : 128) + ")");
            }
        }
        return value;
    }
}
